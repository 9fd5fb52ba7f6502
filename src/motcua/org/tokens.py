"""API tokens: random secrets shown once, stored as SHA-256 hashes."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from .compiled import first_row
from .models import ApiToken, User
from .selectors import parse_roles_column, remember_roles, roles_column

LAST_USED_RESOLUTION = timedelta(minutes=5)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(user: User, name: str) -> str:
    key = "mc_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, prefix=key[:8], key_hash=_hash(key))
    return key


_USER_FIELDS = [f.attname for f in User._meta.concrete_fields]


def _token_query(with_roles: bool, today):
    def build(key_hash: str):
        tokens = ApiToken.objects.filter(key_hash=key_hash, revoked=False, user__is_active=True)
        columns = ["pk", "last_used_at", *(f"user__{name}" for name in _USER_FIELDS)]
        if with_roles:
            tokens = tokens.annotate(active_roles=roles_column(today))
            columns.append("active_roles")
        return tokens.values_list(*columns)

    return build


def user_for_token(key: str, *, with_roles: bool = True) -> User | None:
    """The token's user, with their roles of today read in the same query (``org.selectors``).

    The query is built once a day (``org.compiled``): it runs on every API call.
    ``with_roles=False``: the user only (the bare baseline endpoint of ``bench/intake.py``)."""
    today = timezone.localdate()
    row = first_row(("api-token", with_roles, today), _token_query(with_roles, today), _hash(key or ""))
    if row is None:
        return None
    token_pk, last_used_at = row[0], row[1]
    user = User.from_db("default", _USER_FIELDS, row[2 : 2 + len(_USER_FIELDS)])
    if with_roles:
        remember_roles(user, today, parse_roles_column(row[-1]))
    now = timezone.now()
    # Record use at most every few minutes: a write on every request would double the cost of
    # the cheapest calls and serialise clients sharing a token.
    if last_used_at is None or now - last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token_pk).update(last_used_at=now)
    return user
