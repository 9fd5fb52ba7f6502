"""Render forms 01–06 of one demo database to PDF and small PNG pictures in docs/forms/.

Run after `./run demo` has created some history:
    MOTCUA_DATA_DIR=data uv run python docs/forms/render.py
"""

import os
import subprocess
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
os.environ.setdefault("MOTCUA_ALLOW_INSECURE_KEY", "1")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from motcua.dossiers import forms_pdf  # noqa: E402
from motcua.dossiers.ledger import ledger  # noqa: E402
from motcua.dossiers.models import Dossier  # noqa: E402
from motcua.org.models import User  # noqa: E402

OUT = Path(__file__).resolve().parent


def first_with(action: str) -> Dossier:
    return Dossier.objects.filter(events__action=action).order_by("-id").first()


def main() -> None:
    returned = first_with("issue_apology") or first_with("return_result")
    pdfs = {
        "01": forms_pdf.render_receipt(returned),
        "02": forms_pdf.render_supplement_request(first_with("request_supplement")),
        "03": forms_pdf.render_refusal(first_with("refuse_reception") or first_with("refuse")),
        "05": forms_pdf.render_control_sheet(returned),
    }
    if first_with("issue_apology"):
        pdfs["04"] = forms_pdf.render_apology(first_with("issue_apology"))
    agency = returned.agency
    user = User.objects.filter(memberships__agency=agency).first()
    day = timezone.localdate(returned.received_at)
    start = day - timedelta(days=3)
    pdfs["06"] = forms_pdf.render_ledger(agency, ledger(user, agency, start, day), start, day)
    for number, pdf in pdfs.items():
        path = OUT / f"mau-{number}.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "60",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                path,
                OUT / f"mau-{number}",
            ],
            check=True,
        )
        path.unlink()
        print(OUT / f"mau-{number}.png")


if __name__ == "__main__":
    main()
