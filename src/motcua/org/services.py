"""Writes to organisation data that other apps need (one place each)."""

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils.translation import gettext as _

from .compiled import statement
from .models import Applicant, validate_applicant_identifier


def upsert_applicant(
    *, kind: int, identifier: str, name: str, address: str = "", phone: str = "", email: str = ""
) -> Applicant:
    """Find the applicant by identifier, refreshing the contact details given; create if new.

    Raises ``ValidationError`` (Vietnamese message) for a malformed identifier or empty name,
    before anything is written.
    """
    identifier = (identifier or "").strip()
    validate_applicant_identifier(kind, identifier)
    if not (name or "").strip():
        raise ValidationError({"name": [_("Cần nhập họ tên hoặc tên tổ chức của chủ hồ sơ.")]})
    details = {"name": name.strip(), "address": address or "", "phone": phone or "", "email": email or ""}
    return _upsert(kind, identifier, details)


_STATEMENT: dict[tuple[str, str], tuple] = {}


def _statement(conn) -> tuple:
    key = (conn.alias, conn.vendor)
    if key not in _STATEMENT:
        meta = Applicant._meta
        table = meta.db_table
        keep = ", ".join(
            f"{f} = CASE WHEN excluded.{f} <> '' THEN excluded.{f} ELSE {table}.{f} END"
            for f in ("address", "phone", "email")
        )
        fields = meta.concrete_fields
        sql = (
            f"INSERT INTO {table} (kind, identifier, name, address, phone, email, created_at) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (identifier) DO UPDATE SET "
            f"name = excluded.name, {keep} RETURNING {', '.join(f.column for f in fields)}"
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
    """One statement (PostgreSQL, SQLite ≥ 3.35): insert, or lock the row and refresh the details.

    A known applicant keeps its kind, and a detail left empty keeps what was known before.
    """
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
