"""An internal process is accepted only when its step budgets add up to the time limit."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.models import ProcessStep, ProcessTemplate
from motcua.catalog.services import save_process
from motcua.catalog.validation import validate_process

from .factories import make_agency, make_procedure, make_version

pytestmark = pytest.mark.django_db


def steps(*budgets: str) -> list[dict]:
    roles = ["desk_officer", "specialist", "head", "leader", "clerk"]
    return [
        {"order": i, "name": f"Bước {i}", "role": roles[(i - 1) % len(roles)], "budget": Decimal(b)}
        for i, b in enumerate(budgets, start=1)
    ]


@pytest.fixture
def template():
    procedure = make_procedure()
    make_version(procedure, time_limit=Decimal(15), time_limit_unit="working_days")
    return ProcessTemplate(procedure=procedure, agency=make_agency(), name="Quy trình đăng ký khai sinh")


def test_budgets_adding_up_are_accepted(template):
    saved = save_process(template, steps("0.5", "10", "3", "1", "0.5"))
    assert [s.budget for s in saved.steps.all()] == [Decimal("0.5"), 10, 3, 1, Decimal("0.5")]
    saved.full_clean()  # the stored template is valid as a whole


def test_fourteen_and_a_half_of_fifteen_days_is_rejected_with_the_reason(template):
    with pytest.raises(ValidationError) as caught:
        save_process(template, steps("0.5", "10", "3", "1"))
    assert caught.value.messages == [
        "Tổng thời gian các bước (14,5 ngày làm việc) khác thời hạn giải quyết (15 ngày làm việc)."
    ]
    assert not ProcessTemplate.objects.exists()
    assert not ProcessStep.objects.exists()


def test_a_procedure_without_confirmed_time_limit_gets_no_process():
    procedure = make_procedure(code="2.000806", name="Thủ tục đăng ký kết hôn có yếu tố nước ngoài")
    make_version(procedure, time_limit=None, time_limit_unit="", unverified_fields=["time_limit"])
    template = ProcessTemplate(procedure=procedure, agency=make_agency(), name="Quy trình")
    with pytest.raises(ValidationError) as caught:
        save_process(template, steps("5"))
    [message] = caught.value.messages
    assert "chưa có thời hạn giải quyết được xác nhận" in message
    with pytest.raises(ValidationError):
        template.full_clean()  # also refused on its own, before any step is added


def test_steps_need_distinct_orders_and_positive_budgets(template):
    bad = steps("15", "0")
    bad[1]["order"] = 1
    with pytest.raises(ValidationError) as caught:
        validate_process(bad, template.reference_version())
    assert caught.value.messages == [
        "Thứ tự bước 1 bị trùng.",
        "Bước 1 (Bước 2): thời gian phải là số lớn hơn 0.",
    ]


def test_saving_again_updates_steps_in_place(template):
    first = save_process(template, steps("5", "10"))
    kept = first.steps.get(order=1).pk
    save_process(first, steps("5", "9", "1"))
    assert first.steps.get(order=1).pk == kept
    assert [s.budget for s in first.steps.all()] == [5, 9, 1]


def test_a_saved_template_whose_steps_no_longer_fit_fails_clean(template):
    saved = save_process(template, steps("15"))
    ProcessStep.objects.filter(template=saved).update(budget=Decimal(14))
    with pytest.raises(ValidationError, match="14 ngày làm việc"):
        saved.full_clean()


def test_same_day_procedures_count_in_one_working_day():
    procedure = make_procedure(code="1.001612", name="Thủ tục chứng thực bản sao từ bản chính")
    make_version(procedure, time_limit=Decimal(1), time_limit_unit="same_day")
    template = ProcessTemplate(procedure=procedure, agency=make_agency(), name="Chứng thực")
    with pytest.raises(ValidationError, match=r"\(0,75 ngày làm việc\) khác thời hạn giải quyết \(1 ngày"):
        save_process(template, steps("0.5", "0.25"))
    assert save_process(template, steps("0.5", "0.5")).pk
