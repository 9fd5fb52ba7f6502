"""A day's dossier codes never run out: after number 9999 an agency keeps receiving (10000, …).

Before, the 10,000th reception of a day was refused, and one desk token could use all 9,999 codes
of an agency in under a minute, closing its reception until midnight (issue 14, item 7).
"""

import io
from datetime import date

from openpyxl import load_workbook

from motcua.dossiers import forms_pdf
from motcua.dossiers.ledger import ledger
from motcua.dossiers.models import Counter
from tests.dossiers.conftest import receive
from tests.dossiers.test_forms_pdf import flat

PREFIX = "000.00.06.H56-260210-"


def test_reception_goes_on_after_9999_with_longer_numbers(scene):
    Counter.objects.create(agency=scene.agency, kind="code", key="260210", value=9999)
    first = receive(scene, "2026-02-10 09:00")
    second = receive(scene, "2026-02-10 09:05")
    assert (first.code, second.code) == (PREFIX + "10000", PREFIX + "10001")
    # Unique, and still in reception order when read as numbers within the day.
    numbers = [int(d.code.rsplit("-", 1)[1]) for d in (first, second)]
    assert numbers == sorted(numbers) and len(set(numbers)) == 2


def test_the_longer_code_is_printed_on_the_receipt_and_the_ledger(scene):
    Counter.objects.create(agency=scene.agency, kind="code", key="260210", value=9999)
    d = receive(scene, "2026-02-10 09:00")
    assert PREFIX + "10000" in flat(forms_pdf.render_receipt(d))
    rows = ledger(scene.desk, scene.agency, date(2026, 2, 1), date(2026, 2, 28))
    pdf = forms_pdf.render_ledger(scene.agency, rows, date(2026, 2, 1), date(2026, 2, 28))
    assert PREFIX + "10000" in flat(pdf)
    sheet = load_workbook(io.BytesIO(forms_pdf.ledger_xlsx(scene.agency, rows))).active
    assert PREFIX + "10000" in [c.value for row in sheet.iter_rows() for c in row]
