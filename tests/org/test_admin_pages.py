"""Every administration page (units, agencies, staff and roles, catalogue, processes, calendar,
counters) opens for the administrator, with its search box working."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import Desk


@pytest.fixture
def admin_client_with_data(db, client):
    from motcua.org.models import User

    Desk()
    root = User.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-rat-dai-2026")
    client.force_login(root)
    return client


def test_every_changelist_and_add_page_opens(admin_client_with_data):
    client = admin_client_with_data
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(url, {"q": "ba dinh"} if model_admin.search_fields else {})
        assert response.status_code == 200, url
        if model_admin.has_add_permission(response.wsgi_request):
            add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
            assert client.get(add).status_code == 200, add


def test_staff_roles_page_filters_by_role(admin_client_with_data):
    page = admin_client_with_data.get(reverse("admin:org_membership_changelist"), {"role": "head"})
    text = page.content.decode()
    assert "Trưởng phòng" in text
