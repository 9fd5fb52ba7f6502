"""Decree 118/2025 Art. 19.5: a supplement after appraisal goes through the desk, is flagged when
later than 3 working days after reception, and restarts the time limit from zero on completion.
The same dossier received in June 2025 (Decree 61/2018) pauses instead."""

import pytest

from motcua.dossiers import services
from motcua.dossiers.errors import Forbidden
from motcua.dossiers.states import State
from tests.dossiers.conftest import receive, vn


def _to_appraisal(scene, d, day):
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn(f"{day} 09:10"))
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn(f"{day} 09:20"))


def test_supplement_after_appraisal_restarts_the_full_limit_from_completion(scene):
    d = receive(scene, "2026-03-02 09:00")  # Monday; 15 working days → Mon 23/3 09:00
    assert d.regime == "nd118_2025" and d.due_at == vn("2026-03-23 09:00")
    _to_appraisal(scene, d, "2026-03-03")
    # The specialist proposes; the desk issues the request to the applicant.
    services.propose_supplement(
        d.pk, actor=scene.specialist, items=["Bản sao giấy khai sinh"], at=vn("2026-03-04 09:00")
    )
    d = services.request_supplement(
        d.pk, actor=scene.desk, items=["Bản sao giấy khai sinh"], at=vn("2026-03-04 10:00")
    )
    assert d.state == State.AWAITING_SUPPLEMENT
    d = services.complete_supplement(d.pk, actor=scene.desk, at=vn("2026-03-09 09:00"))
    # Restart: 15 working days from Mon 9/3 09:00 — 10–13/3 (4), 16–20/3 (9), 23–27/3 (14),
    # Mon 30/3 (15) → Mon 30/3 09:00. (The pause model would have given Thu 26/3 09:00.)
    assert d.state == State.PROCESSING
    assert d.due_at == vn("2026-03-30 09:00")
    event = d.events.order_by("-seq").first()
    assert event.data["restarted"] is True and event.data["previous_due_at"].startswith("2026-03-23T09:00")


def test_the_same_dossier_received_in_june_2025_pauses_instead(scene):
    d = receive(scene, "2025-06-02 09:00")  # Monday; 15 working days → Mon 23/6 09:00
    assert d.regime == "nd61_2018" and d.due_at == vn("2025-06-23 09:00")
    _to_appraisal(scene, d, "2025-06-03")
    # Under 61/2018 the specialist may still ask the applicant directly.
    services.request_supplement(d.pk, actor=scene.specialist, items=["Bản sao"], at=vn("2025-06-04 09:00"))
    d = services.complete_supplement(d.pk, actor=scene.desk, at=vn("2025-06-09 09:00"))
    # Paused from Wed 4/6 09:00 to Mon 9/6 09:00: three working days (Wed, Thu, Fri), not the
    # weekend → Mon 23/6 09:00 + 3 working days = Thu 26/6 09:00.
    assert d.due_at == vn("2025-06-26 09:00")
    assert not d.events.order_by("-seq").first().data.get("restarted")


def test_the_specialist_cannot_ask_the_applicant_directly_after_reception(scene):
    d = receive(scene, "2026-03-02 09:00")
    _to_appraisal(scene, d, "2026-03-03")
    with pytest.raises(Forbidden, match="chỉ Bộ phận Một cửa"):
        services.request_supplement(
            d.pk, actor=scene.specialist, items=["Bản sao"], at=vn("2026-03-04 10:00")
        )
    d.refresh_from_db()
    assert d.state == State.PROCESSING and d.supplement_count == 0


@pytest.mark.parametrize(
    ("asked", "late"),
    [
        # Received Thu 5/3/2026 09:00; 3 working days → Fri 6 (1), [weekend], Mon 9 (2), Tue 10 (3):
        # the window ends Tue 10/3 09:00. Counting calendar days it would end Sun 8/3.
        ("2026-03-09 16:00", False),
        ("2026-03-10 09:00", False),
        ("2026-03-10 10:00", True),
    ],
)
def test_a_request_later_than_three_working_days_is_flagged_not_blocked(scene, asked, late):
    d = receive(scene, "2026-03-05 09:00")
    _to_appraisal(scene, d, "2026-03-05")
    d = services.request_supplement(d.pk, actor=scene.desk, items=["Bản sao"], at=vn(asked))
    assert d.state == State.AWAITING_SUPPLEMENT
    event = d.events.order_by("-seq").first()
    assert event.data["late_request"] is late
    assert event.data["window_due_at"].startswith("2026-03-10T09:00")


def test_the_window_is_set_per_procedure_for_sector_law(scene):
    scene.version.supplement_window_working_days = 5
    scene.version.save()
    d = receive(scene, "2026-03-05 09:00")  # 5 working days → Fri 6, Mon 9 … Thu 12/3 09:00
    _to_appraisal(scene, d, "2026-03-05")
    d = services.request_supplement(d.pk, actor=scene.desk, items=["Bản sao"], at=vn("2026-03-11 10:00"))
    event = d.events.order_by("-seq").first()
    assert event.data["late_request"] is False and event.data["window_due_at"].startswith("2026-03-12T09:00")


def test_the_receipt_printed_after_completion_gives_the_new_appointment(scene):
    import io

    from pypdf import PdfReader

    from motcua.dossiers import forms_pdf
    from motcua.processing import timeline

    d = receive(scene, "2026-03-02 09:00")
    d = services.request_supplement(d.pk, actor=scene.desk, items=["Bản sao"], at=vn("2026-03-04 10:00"))
    d = services.complete_supplement(d.pk, actor=scene.desk, at=vn("2026-03-09 09:00"))
    assert timeline.form_after("complete_supplement", d).startswith("Mẫu 01")
    pdf = forms_pdf.RENDERERS["01"](d)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "30/03/2026" in text and "23/03/2026" not in text  # 15 working days from Mon 9/3 09:00
