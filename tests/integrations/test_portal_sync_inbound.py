"""Online dossiers pushed by the portal arrive once each, signed, as "awaiting reception"."""

import json

import pytest

from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel, State
from motcua.integrations.models import PortalSubmission, SyncItem
from motcua.integrations.portal_sync import inbound, signing
from motcua.integrations.portal_sync.delivery import deliver_due
from tests.integrations.test_portal_sync_outbox import portal  # noqa: F401 — fixture

URL = "/lien-thong/dvcqg/ho-so"


def submission(scene, portal_id="G22-2511-000001", **extra):
    return {
        "MaHoSoCong": portal_id,
        "MaTTHC": scene.version.procedure.code,
        "MaCoQuan": scene.agency.identifier_code,
        "ChuHoSo": {"LoaiDoiTuong": 1, "SoDinhDanh": "001090012345", "HoTen": "Nguyễn Văn An"},
        "TrichYeu": "Đăng ký kết hôn",
        "ThanhPhan": [{"Ten": c.name, "SoLuong": 1} for c in scene.version.components.filter(required=True)],
        **extra,
    }


def post(client, data, secret=None):
    body = json.dumps(data, ensure_ascii=False).encode()
    return client.post(
        URL, body, content_type="application/json", HTTP_X_DVC_SIGNATURE=signing.sign(body, secret)
    )


def test_push_creates_an_online_dossier_awaiting_reception(client, scene, portal):  # noqa: F811
    answer = post(client, submission(scene))
    assert answer.status_code == 201, answer.content
    d = Dossier.objects.get(pk=answer.json()["MaHoSoHeThong"])
    assert (d.state, d.channel, d.idempotency_key) == (
        State.AWAITING_RECEPTION,
        Channel.ONLINE,
        "dvc-G22-2511-000001",
    )
    # It is synchronised back under the portal's own id.
    [item] = SyncItem.objects.filter(dossier=d)
    assert (item.sync_key, item.kind, item.status_code) == ("G22-2511-000001", "create", 1)
    assert deliver_due() == {"sent": 1}

    again = post(client, submission(scene))
    assert again.status_code == 200 and again.json()["MaHoSoHeThong"] == d.pk
    assert Dossier.objects.count() == 1
    assert PortalSubmission.objects.get().times_received == 2


def test_unsigned_or_wrong_pushes_are_refused(client, scene, portal):  # noqa: F811
    assert post(client, submission(scene), secret="sai").status_code == 401
    assert post(client, submission(scene, MaTTHC="9.999999")).status_code == 422
    assert post(client, submission(scene, ThanhPhan=[])).status_code == 422  # missing components
    assert post(client, {"MaHoSoCong": "x"}).status_code == 400
    assert client.get(URL).status_code == 405
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("reorder", [False, True])
def test_reordered_and_duplicated_pushes_give_one_dossier_each(scene, portal, reorder):  # noqa: F811
    batch = [submission(scene, f"G22-2511-{n:06d}") for n in range(1, 6)]
    answers = portal.push_online(batch, inbound.handle, reorder=reorder, duplicate=True)
    assert sorted(status for _, status, _ in answers) == [200] * 5 + [201] * 5
    assert Dossier.objects.filter(state=State.AWAITING_RECEPTION).count() == 5
    assert set(Dossier.objects.values_list("idempotency_key", flat=True)) == {
        f"dvc-{s['MaHoSoCong']}" for s in batch
    }
