"""A callback received twice (return after IPN, or a replay) settles the payment once."""

from django.test import Client

from motcua.payments import services
from motcua.payments.models import Payment

from .conftest import choose, query, start


def test_replayed_success_changes_nothing(
    citizen_client, dossier, confirmed, django_capture_on_commit_callbacks
):
    request = start(citizen_client, dossier)
    with django_capture_on_commit_callbacks(execute=True):
        back = choose(citizen_client, request, "success")
    paid = Payment.objects.get(reference=request["reference"])
    assert paid.receipt_number == 1 and len(confirmed) == 1

    result = query(back)
    with django_capture_on_commit_callbacks(execute=True):
        first = citizen_client.get(back)
        again = citizen_client.get(back)
        ipn = Client().post("/thanh-toan/ipn/simulator/", result)
        outcome = services.handle_callback(result, provider_code="simulator", via="ipn")
    assert first.status_code == again.status_code == 200
    assert ipn.status_code == 200
    assert ipn.json() == {
        "status": "already_paid",
        "message": "Giao dịch đã được xác nhận thanh toán trước đó.",
    }
    assert outcome.status == "already_paid"

    after = Payment.objects.get(pk=paid.pk)
    assert after.receipt_number == 1
    assert after.paid_at == paid.paid_at and after.updated_at == paid.updated_at
    assert len(confirmed) == 1


def test_a_failure_after_success_does_not_unpay(citizen_client, dossier):
    from motcua.payments.providers.simulator.views import result_params

    request = start(citizen_client, dossier)
    choose(citizen_client, request, "success")
    late_failure = result_params(request, "failure")
    assert services.handle_callback(late_failure, provider_code="simulator").status == "already_paid"
    assert Payment.objects.get(reference=request["reference"]).state == Payment.State.PAID


def test_late_success_of_an_abandoned_attempt_after_another_was_paid_is_a_refund_case(
    citizen_client, dossier
):
    from motcua.payments.providers.simulator.views import result_params

    first = start(citizen_client, dossier)
    second = start(citizen_client, dossier)
    choose(citizen_client, second, "success")
    outcome = services.handle_callback(result_params(first, "success"), provider_code="simulator")
    assert outcome.status == "duplicate"
    stray = Payment.objects.get(reference=first["reference"])
    assert stray.state != Payment.State.PAID and stray.anomaly == Payment.Anomaly.DUPLICATE
    assert stray.receipt_number is None
    assert Payment.objects.filter(dossier=dossier, state="paid").count() == 1
