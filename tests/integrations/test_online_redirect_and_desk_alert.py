"""Online dossiers: the desk is alerted on arrival (Decree 118/2025 Art. 17.2, 2 clock hours), and
may answer "not within our competence, submit to X" (Art. 17.2.b): the dossier ends, the applicant
is told, the portal sync carries it."""

import pytest

from motcua.dossiers import services
from motcua.dossiers.errors import InvalidInput, NotAllowed
from motcua.dossiers.states import Channel, State
from motcua.integrations.models import Notification, SyncItem
from motcua.integrations.portal_sync.simulator import portal as simulator
from tests.factories import make_agency, make_user
from tests.integrations.conftest import receive

SIMULATOR = "motcua.integrations.portal_sync.clients.SimulatorClient"
APPLICANT = {
    "kind": 1,
    "identifier": "001090012345",
    "name": "Nguyễn Văn An",
    "email": "an@example.vn",
    "phone": "0912345678",
}


@pytest.fixture
def portal(settings):
    settings.MOTCUA_PORTAL_CLIENT = SIMULATOR
    settings.MOTCUA_PORTAL_SECRET = "bi-mat-chung"
    settings.MOTCUA_SIMULATORS = frozenset({"portal"})
    simulator.reset()
    yield simulator
    simulator.reset()


def arrive(scene):
    return services.receive(
        actor=None,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(APPLICANT),
        channel=Channel.ONLINE,
        components=[{"component_id": c.pk} for c in scene.version.components.filter(condition="")],
    ).dossier


def test_arrival_alerts_the_desk_officers_by_email_and_on_their_list(scene, client):
    scene.desk.email = "motcua@badinh.example.vn"
    scene.desk.save(update_fields=["email"])
    other_desk = make_user(scene.agency, "desk_officer")  # no e-mail: the list is their alert
    d = arrive(scene)
    assert d.desk_alerted_at == d.submitted_at
    [mail] = Notification.objects.filter(kind=Notification.Kind.DESK_ALERT)
    assert mail.recipient == "motcua@badinh.example.vn" and mail.channel == "email"
    assert "Đăng ký kết hôn" in mail.body and "8 giờ làm việc" in mail.body
    # The specialist is not a desk officer: no alert for them.
    assert not Notification.objects.filter(kind=Notification.Kind.DESK_ALERT, recipient="").exists()
    client.force_login(other_desk)
    page = client.get("/can-bo/").content.decode()
    assert "Hồ sơ trực tuyến mới chờ tiếp nhận" in page and "Nguyễn Văn An" in page


def test_a_desk_reception_alerts_no_one(scene):
    scene.desk.email = "motcua@badinh.example.vn"
    scene.desk.save(update_fields=["email"])
    receive(scene)
    assert not Notification.objects.filter(kind=Notification.Kind.DESK_ALERT).exists()


def test_redirect_ends_the_dossier_tells_the_applicant_and_syncs(scene, portal):
    tax = make_agency("000.00.09.H56", "Chi cục Thuế khu vực I")
    d = arrive(scene)
    d = services.redirect(
        d.pk,
        actor=scene.desk,
        guidance="Thủ tục này do Chi cục Thuế giải quyết; đề nghị nộp lại tại Cổng Dịch vụ công.",
        competent_agency=tax,
    )
    assert d.state == State.REFUSED and d.reception_decided_at is not None
    event = d.events.last()
    assert event.action == "redirect" and event.data["competent_agency_name"] == "Chi cục Thuế khu vực I"
    [mail] = Notification.objects.filter(dossier=d, channel="email")
    assert mail.kind == Notification.Kind.REDIRECTED
    assert "Chi cục Thuế khu vực I" in mail.body and "nộp lại tại Cổng Dịch vụ công" in mail.body
    item = SyncItem.objects.filter(dossier=d).order_by("-seq").first()
    assert item.status_code == State.REFUSED
    assert item.payload["QuaTrinhXuLy"]["ThaoTac"] == "redirect"
    assert item.payload["QuaTrinhXuLy"]["ChiTiet"]["competent_agency_code"] == "000.00.09.H56"


def test_redirect_without_guidance_is_refused_and_changes_nothing(scene):
    d = arrive(scene)
    with pytest.raises(InvalidInput, match="hướng dẫn"):
        services.redirect(d.pk, actor=scene.desk, guidance="  ")
    d.refresh_from_db()
    assert d.state == State.AWAITING_RECEPTION and d.events.count() == 1


def test_only_a_dossier_waiting_for_reception_can_be_redirected(scene):
    d = receive(scene)
    with pytest.raises(NotAllowed):
        services.redirect(d.pk, actor=scene.desk, guidance="Nộp tại Sở Tư pháp")


def test_the_applicant_reads_the_guidance_in_the_portal(scene):
    from motcua.portal.selectors import public_timeline

    d = arrive(scene)
    services.redirect(
        d.pk,
        actor=scene.desk,
        guidance="Nộp tại Sở Tư pháp qua Cổng Dịch vụ công",
        competent_name="Sở Tư pháp",
    )
    last = public_timeline(d)[-1][1]
    assert "không thuộc thẩm quyền" in last and "Nộp tại Sở Tư pháp qua Cổng Dịch vụ công" in last
    assert "Cơ quan có thẩm quyền: Sở Tư pháp" in last
