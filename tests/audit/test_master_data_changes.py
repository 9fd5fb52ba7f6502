"""Who changed master data: an administrator's edit in /admin/ shows on the audit page with the
actor and the old and new values; the intake path writes no audit rows of its own."""

from datetime import date

from auditlog.models import LogEntry
from django.urls import reverse

from motcua.calendar.models import CalendarOverride
from motcua.dossiers import services
from motcua.org.models import Membership, Role, User
from tests.audit.admin_forms import current_values
from tests.dossiers.conftest import receive
from tests.factories import APPLICANT, required_components


def test_a_fee_edited_in_the_admin_shows_with_its_actor_and_both_amounts(client, scene):
    fee = scene.version.fees.get()
    assert fee.amount_vnd == 0
    client.force_login(scene.admin)
    url = reverse("admin:catalog_procedureversion_change", args=[scene.version.pk])
    data = current_values(client.get(url))
    fee_key = next(
        k for k, v in data.items() if k.startswith("fees-") and k.endswith("-id") and str(v) == str(fee.pk)
    )
    data[fee_key.replace("-id", "-amount_vnd")] = "50000"
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    fee.refresh_from_db()
    assert fee.amount_vnd == 50000

    client.force_login(scene.inspector)
    page = client.get(reverse("audit_log"), {"loai": "thay-doi"}).content.decode()
    assert "quantri" in page
    assert "Lệ phí đăng ký kết hôn" in page
    assert "Mức thu (đồng)</strong>: 0 → 50000" in page


def test_a_role_given_to_an_officer_is_recorded_with_who_gave_it(client, scene):
    from auditlog.context import set_actor

    with set_actor(scene.admin):
        Membership.objects.create(user=scene.desk, agency=scene.agency, role=Role.HEAD)
    client.force_login(scene.admin)
    page = client.get(
        reverse("audit_log"), {"loai": "thay-doi", "doi_tuong": "Trưởng phòng"}
    ).content.decode()
    assert "phân công" in page.lower()
    assert "Trưởng phòng" in page and "quantri" in page


def test_a_calendar_override_is_recorded(scene):
    before = LogEntry.objects.count()
    CalendarOverride.objects.create(date=date(2026, 9, 1), kind="day_off", reason="Nghỉ bù Quốc khánh")
    assert LogEntry.objects.count() == before + 1


def test_receiving_dossiers_writes_no_audit_rows(scene):
    """The dossier's own events are its trail: reception stays as fast as before."""
    before = LogEntry.objects.count()
    receive(scene, summary="lần hai")
    services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant={**APPLICANT, "identifier": "001090077777", "phone": "0987654321"},
        components=required_components(scene.version),
    )
    assert LogEntry.objects.count() == before


def test_a_citizen_registering_leaves_no_personal_data_in_the_change_log(client, db):
    before = LogEntry.objects.count()
    client.post(
        reverse("portal_register"),
        {
            "kind": "ca_nhan",
            "identifier": "001090054321",
            "full_name": "Trần Thị Bình",
            "email": "binh@example.vn",
            "phone": "0911222333",
            "password1": "mot-mat-khau-rat-dai-2026",
            "password2": "mot-mat-khau-rat-dai-2026",
        },
    )
    assert User.objects.filter(username="001090054321").exists()
    assert LogEntry.objects.count() == before


def test_an_administrator_resetting_a_citizen_password_is_recorded_without_the_hash(scene):
    from auditlog.context import set_actor

    citizen = User.objects.create_user(username="001090054321", personal_id="001090054321", password="x" * 12)
    before = LogEntry.objects.count()
    with set_actor(scene.admin):
        citizen.set_password("y" * 12)
        citizen.save()
    entry = LogEntry.objects.exclude(pk__lte=0).order_by("-pk").first()
    assert LogEntry.objects.count() == before + 1
    assert entry.actor == scene.admin
    old, new = entry.changes_dict["password"]
    assert "pbkdf2" not in old + new and "md5" not in old + new


def test_a_reception_runs_the_same_statements_with_the_audit_trail_as_without(scene):
    """Guard for the intake hot path: registering another model that reception writes (the
    applicant, the dossier, its events) would add a SELECT and an INSERT to every reception."""
    from auditlog.registry import auditlog
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.audit import tracked

    receive(scene, summary="làm nóng bộ nhớ đệm")
    with CaptureQueriesContext(connection) as audited:
        receive(scene, summary="có nhật ký")
    try:
        for model in auditlog.get_models():
            auditlog.unregister(model)
        with CaptureQueriesContext(connection) as bare:
            receive(scene, summary="không nhật ký")
    finally:
        tracked.register()
    assert len(audited.captured_queries) == len(bare.captured_queries)
    assert not [q for q in audited.captured_queries if "auditlog" in q["sql"]]


def test_the_change_log_does_not_take_the_address_a_client_wrote(client, scene):
    client.force_login(scene.admin)
    url = reverse("admin:catalog_procedureversion_change", args=[scene.version.pk])
    data = current_values(client.get(url))
    data["decision_number"] = "123/QĐ-UBND"
    assert client.post(url, data, HTTP_X_FORWARDED_FOR="6.6.6.6").status_code == 302
    entry = LogEntry.objects.filter(object_repr__isnull=False).order_by("-pk").first()
    assert entry.actor == scene.admin and entry.remote_addr == "127.0.0.1"


def test_second_factor_rules_and_devices_are_recorded_without_the_secret(scene):
    from auditlog.context import set_actor
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from motcua.signin.models import SecondFactorRole

    with set_actor(scene.admin):
        rule = SecondFactorRole.objects.create(role=Role.LEADER)
        device = TOTPDevice.objects.create(user=scene.leader, name="điện thoại", confirmed=True)
        rule.delete()
    rule_entries = LogEntry.objects.get_for_model(SecondFactorRole)
    assert sorted(e.action for e in rule_entries) == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]
    assert {e.actor for e in rule_entries} == {scene.admin}
    entry = LogEntry.objects.get_for_model(TOTPDevice).get()
    assert device.key not in str(entry.changes_dict) and set(entry.changes_dict) <= {
        "user",
        "name",
        "confirmed",
    }
