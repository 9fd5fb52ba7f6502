"""Writes to organisation data that other apps need (one place each)."""

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .compiled import statement
from .models import Applicant, ApplicantChange, User, validate_applicant_identifier


def upsert_applicant(
    *,
    kind: int,
    identifier: str,
    name: str,
    address: str = "",
    phone: str = "",
    email: str = "",
    record_contact: bool = True,
) -> Applicant:
    """The applicant of this identifier; created from the details given when new.

    An existing applicant is never changed here: details typed at a reception belong to that
    dossier (``Dossier.contact``), and the shared record changes only through a verified source
    (``record_verified_details``) — otherwise one agency's reception would redirect every other
    agency's notices (issue 14, item 5). ``record_contact=False`` (an online submission from an
    account that has not proven the identifier) creates a new record without contact details, so
    that they cannot later receive the code that proves the identifier.

    Raises ``ValidationError`` (Vietnamese message) for a malformed identifier or empty name,
    before anything is written.
    """
    identifier = (identifier or "").strip()
    validate_applicant_identifier(kind, identifier)
    if not (name or "").strip():
        raise ValidationError({"name": [_("Cần nhập họ tên hoặc tên tổ chức của chủ hồ sơ.")]})
    details = {"name": name.strip(), "address": address or "", "phone": phone or "", "email": email or ""}
    if not record_contact:
        details.update(address="", phone="", email="")
    return _upsert(kind, identifier, details)


CHANGEABLE = ("name", "address", "phone", "email")


def record_verified_details(
    *,
    kind: int,
    identifier: str,
    details: dict,
    source: str,
    by: User | None = None,
    keep_name: bool = False,
    clear_empty: bool = False,
) -> Applicant:
    """Write what a verified source says about an applicant (the VNeID login's claims, the proven
    citizen's own correction, an administrator), keeping each replaced value in ``ApplicantChange``.

    Only the fields in ``details`` are looked at; an empty value changes nothing unless
    ``clear_empty`` (an administrator removing a wrong phone). A new applicant is created from the
    details.
    """
    identifier = (identifier or "").strip()
    given = {f: str(details.get(f) or "").strip() for f in CHANGEABLE if f in details}
    if keep_name:
        given.pop("name", None)
    with transaction.atomic():
        applicant = Applicant.objects.select_for_update().filter(identifier=identifier).first()
        if applicant is None:
            given["name"] = str(details.get("name") or "").strip()
            return upsert_applicant(kind=kind, identifier=identifier, **given)
        now = timezone.now()
        changes = []
        for field, new in given.items():
            old = getattr(applicant, field)
            if (new or clear_empty) and new != old and not (field == "name" and not new):
                setattr(applicant, field, new)
                changes.append(
                    ApplicantChange(
                        applicant=applicant, at=now, field=field, old=old, new=new, source=source, by=by
                    )
                )
        if changes:
            applicant.save(update_fields=[c.field for c in changes])
            ApplicantChange.objects.bulk_create(changes)
    return applicant


_STATEMENT: dict[tuple[str, str], tuple] = {}


def _statement(conn) -> tuple:
    key = (conn.alias, conn.vendor)
    if key not in _STATEMENT:
        meta = Applicant._meta
        table = meta.db_table
        fields = meta.concrete_fields
        # Insert if missing. The update of an existing row sets nothing new: it is there so that
        # the row comes back (RETURNING) and is locked, in the same single statement.
        sql = (
            f"INSERT INTO {table} (kind, identifier, name, address, phone, email, created_at) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (identifier) DO UPDATE SET "
            f"identifier = {table}.identifier RETURNING {', '.join(f.column for f in fields)}"
        )
        converters = []
        for index, field in enumerate(fields):
            column = field.get_col(table)
            found = conn.ops.get_db_converters(column) + column.get_db_converters(conn)
            if found:
                converters.append((index, found, column))
        _STATEMENT[key] = (sql, [f.attname for f in fields], converters, meta.get_field("created_at"))
    return _STATEMENT[key]


def _upsert(kind: int, identifier: str, details: dict) -> Applicant:
    """One statement (PostgreSQL, SQLite ≥ 3.35): insert, or lock the existing row unchanged."""
    conn = connections[router.db_for_write(Applicant)]
    sql, names, converters, created = _statement(conn)
    now = created.get_db_prep_save(created.pre_save(Applicant(), True), conn)
    params = [kind, identifier, details["name"], details["address"], details["phone"], details["email"], now]
    with statement(conn, sql, params) as cursor:  # every reception runs it: prepared
        row = list(cursor.fetchone())
    for index, functions, column in converters:
        for convert in functions:
            row[index] = convert(row[index], column, conn)
    return Applicant.from_db(conn.alias, names, row)
