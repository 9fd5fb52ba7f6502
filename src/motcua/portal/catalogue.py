"""The public catalogue: find a procedure the way people type — without diacritics, with typos.

Accent-free containment does most of the work (``catalog.selectors.published_procedures``); a
word that matches nothing is then compared with the words of every procedure name, so "khai sin"
or "chung thuc ban sao" still find what was meant. A province has a few thousand procedures at
most, so the comparison runs over a list cached per process.
"""

import time
from difflib import SequenceMatcher

from django.db.models import QuerySet

from motcua.catalog.models import Procedure, ProcessTemplate
from motcua.catalog.selectors import published_procedures
from motcua.catalog.text import search_terms
from motcua.org.models import Agency

SIMILAR = 0.78  # "khai sinh" ~ "khai sin" (0.94), "ket hon" ~ "kethon" would need splitting
_WORDS: dict[str, tuple[float, dict[int, set[str]]]] = {}
WORDS_TTL_SECONDS = 300.0


def _words() -> dict[int, set[str]]:
    cached = _WORDS.get("all")
    if cached is None or cached[0] < time.monotonic():
        words = {pk: set(text.split()) for pk, text in Procedure.objects.values_list("pk", "search_text")}
        cached = _WORDS["all"] = (time.monotonic() + WORDS_TTL_SECONDS, words)
    return cached[1]


def _close(term: str, words: set[str]) -> bool:
    if len(term) < 3:
        return term in words
    return any(
        abs(len(w) - len(term)) <= 2 and SequenceMatcher(None, term, w).ratio() >= SIMILAR for w in words
    )


def search(
    q: str = "", *, field: str = "", level: str = "", agency: Agency | None = None, online: str | None = None
) -> tuple[QuerySet[Procedure], bool]:
    """(procedures, whether typo tolerance was needed) — filters apply either way."""
    qs = published_procedures("", field=field or None, level=level or None, online_level=online)
    if agency is not None:
        qs = qs.filter(
            pk__in=ProcessTemplate.objects.filter(agency=agency, active=True).values("procedure_id")
        )
    exact = published_procedures(q, field=field or None, level=level or None, online_level=online).filter(
        pk__in=qs.values("pk")
    )
    terms = search_terms(q)
    if not terms or exact.exists():
        return exact, False
    words = _words()
    hits = [
        pk
        for pk, names in words.items()
        if all(any(t in w for w in names) or _close(t, names) for t in terms)
    ]
    return qs.filter(pk__in=hits), True


def receiving_agencies(procedure: Procedure) -> QuerySet[Agency]:
    """Where to submit: the agencies with an internal process for the procedure."""
    ids = ProcessTemplate.objects.filter(procedure=procedure, active=True).values("agency_id")
    return Agency.objects.filter(pk__in=ids, active=True, receives_dossiers=True).order_by("name")
