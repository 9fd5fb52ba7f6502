"""The admin lists inspections read-only, and a non-superuser only those they may see."""

from django.contrib.admin.sites import site
from django.test import RequestFactory

from motcua.reform.inspections.models import Decision, Directive, Visit
from tests.factories import make_user

from .conftest import issued_decision


def test_admin_lists_are_readable_and_scoped(scene, client):
    d, _v = issued_decision(scene)
    admin_user = make_user(username="quantri")
    admin_user.is_superuser = admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    for model in (
        "decision",
        "visit",
        "directive",
        "finding",
        "reconciliation",
        "breach",
        "notice",
        "checklistarea",
    ):
        response = client.get(f"/admin/reform_inspections/{model}/")
        assert response.status_code == 200, model
    assert d.number in client.get("/admin/reform_inspections/decision/").content.decode()

    request = RequestFactory().get("/")
    request.user = scene.outsider
    assert not site._registry[Decision].get_queryset(request).exists()
    assert not site._registry[Visit].get_queryset(request).exists()
    request.user = scene.inspector
    assert list(site._registry[Decision].get_queryset(request)) == [d]
    assert not site._registry[Directive].get_queryset(request).exists()
    assert not site._registry[Decision].has_change_permission(request, d)
