"""Which version applies on a date; at most one published version in force per day."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.models import Component, ProcedureVersion
from motcua.catalog.selectors import version_in_force
from motcua.catalog.services import publish_version

from .factories import make_procedure, make_version, on

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure():
    return make_procedure()


def test_the_version_covering_the_date_applies(procedure):
    old = make_version(procedure, number=1, valid_from=on("2023-01-01"), valid_to=on("2025-06-30"))
    new = make_version(procedure, number=2, valid_from=on("2025-07-01"), time_limit=Decimal(10))
    make_version(procedure, number=3, status="draft", valid_from=on("2025-09-01"))

    assert version_in_force(procedure, on("2022-12-31")) is None
    assert version_in_force(procedure, on("2023-01-01")) == old
    assert version_in_force(procedure, on("2025-06-30")) == old
    assert version_in_force(procedure, on("2025-07-01")) == new
    assert version_in_force(procedure, on("2030-01-01")) == new  # drafts never apply


def test_overlapping_published_versions_are_rejected(procedure):
    make_version(procedure, number=1, valid_from=on("2023-01-01"), valid_to=on("2025-06-30"))
    with pytest.raises(ValidationError) as caught:
        make_version(procedure, number=2, valid_from=on("2025-06-30"))
    [message] = caught.value.message_dict["valid_from"]
    assert message == (
        "Phiên bản 1 đã công bố có hiệu lực từ 01/01/2023 đến 30/06/2025, trùng thời gian "
        "với phiên bản này; mỗi ngày chỉ được có một phiên bản đang có hiệu lực."
    )
    assert ProcedureVersion.objects.count() == 1


def test_an_open_ended_version_overlaps_everything_after_it(procedure):
    make_version(procedure, number=1, valid_from=None, valid_to=None)
    with pytest.raises(ValidationError, match="không giới hạn thời gian"):
        make_version(procedure, number=2, valid_from=on("2030-01-01"))
    make_version(procedure, number=3, status="draft", valid_from=on("2030-01-01"))  # drafts may


def test_publishing_closes_the_previous_version_the_day_before(procedure):
    old = make_version(procedure, number=1, valid_from=on("2023-01-01"))
    draft = make_version(
        procedure, number=2, status="draft", valid_from=on("2025-07-01"), time_limit=Decimal(10)
    )
    Component.objects.create(version=draft, order=1, name="Tờ khai", copy_type="ban_chinh", count=1)

    publish_version(draft)

    old.refresh_from_db()
    assert old.valid_to == on("2025-06-30")
    assert version_in_force(procedure, on("2025-06-30")) == old
    assert version_in_force(procedure, on("2025-07-01")).time_limit == 10


def test_publishing_needs_components_and_a_start_date(procedure):
    make_version(procedure, number=1, valid_from=on("2023-01-01"))
    draft = make_version(procedure, number=2, status="draft", valid_from=None)
    with pytest.raises(ValidationError) as caught:
        publish_version(draft)
    assert caught.value.message_dict == {
        "__all__": ["Chưa có thành phần hồ sơ."],
        "valid_from": ["Cần ghi ngày có hiệu lực vì thủ tục đã có phiên bản được công bố."],
    }
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_publishing_before_a_later_version_is_refused(procedure):
    make_version(procedure, number=2, valid_from=on("2026-01-01"))
    draft = make_version(procedure, number=3, status="draft", valid_from=on("2025-01-01"))
    Component.objects.create(version=draft, order=1, name="Tờ khai")
    with pytest.raises(ValidationError, match="trùng thời gian"):
        publish_version(draft)
