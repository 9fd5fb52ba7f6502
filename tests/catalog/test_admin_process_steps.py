"""The admin page of an internal process checks the step budgets before saving anything."""

from decimal import Decimal

import pytest

from motcua.catalog.models import ProcessTemplate

from .factories import make_agency, make_procedure, make_version

pytestmark = pytest.mark.django_db


def form_data(procedure, agency, budgets):
    data = {
        "procedure": procedure.pk,
        "agency": agency.pk,
        "name": "Quy trình đăng ký khai sinh",
        "active": "on",
        "valid_from": "",
        "steps-TOTAL_FORMS": len(budgets),
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    for i, budget in enumerate(budgets):
        data |= {
            f"steps-{i}-order": i + 1,
            f"steps-{i}-name": f"Bước {i + 1}",
            f"steps-{i}-role": "specialist",
            f"steps-{i}-agency": "",
            f"steps-{i}-budget": budget,
        }
    return data


@pytest.fixture
def setup():
    procedure = make_procedure()
    make_version(procedure, time_limit=Decimal(15))
    return procedure, make_agency()


def test_a_wrong_sum_is_shown_and_nothing_saved(admin_client, setup):
    response = admin_client.post("/admin/catalog/processtemplate/add/", form_data(*setup, ["10", "4.5"]))
    assert response.status_code == 200
    assert (
        "Tổng thời gian các bước (14,5 ngày làm việc) khác thời hạn giải quyết (15 ngày làm việc)."
    ) in response.content.decode()
    assert not ProcessTemplate.objects.exists()


def test_a_right_sum_is_saved(admin_client, setup):
    response = admin_client.post("/admin/catalog/processtemplate/add/", form_data(*setup, ["10", "5"]))
    assert response.status_code == 302
    assert ProcessTemplate.objects.get().steps.count() == 2


def test_steps_that_no_longer_fit_can_be_corrected(admin_client, setup):
    from motcua.catalog.models import ProcedureVersion
    from motcua.catalog.services import save_process

    procedure, agency = setup
    template = save_process(
        ProcessTemplate(procedure=procedure, agency=agency, name="Quy trình đăng ký khai sinh"),
        [
            {"order": 1, "name": "Bước 1", "role": "specialist", "budget": Decimal(10)},
            {"order": 2, "name": "Bước 2", "role": "specialist", "budget": Decimal(5)},
        ],
    )
    ProcedureVersion.objects.update(time_limit=Decimal(16))  # a new decision lengthened the limit
    data = form_data(procedure, agency, ["10", "6"]) | {"steps-INITIAL_FORMS": 2}
    for i, step in enumerate(template.steps.all()):
        data |= {f"steps-{i}-id": step.pk, f"steps-{i}-template": template.pk}
    response = admin_client.post(f"/admin/catalog/processtemplate/{template.pk}/change/", data)
    assert response.status_code == 302
    assert [s.budget for s in template.steps.all()] == [10, 6]
