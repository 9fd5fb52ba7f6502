"""The bare baseline endpoint of ``bench/intake.py``: authenticate, insert one row, answer.

Mounted only when ``MOTCUA_BENCH=1`` so that production never exposes it.
"""

import secrets

from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from motcua.dossiers.models import Counter
from motcua.org.tokens import user_for_token


@csrf_exempt
def insert_one(request: HttpRequest) -> JsonResponse:
    # The token check as it was when the baseline was first measured: the user, not their roles.
    user = user_for_token(request.headers.get("Authorization", "").removeprefix("Bearer "), with_roles=False)
    if user is None:
        return JsonResponse({"detail": "unauthorised"}, status=401)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Counter._meta.db_table} (agency_id, kind, key, value) "  # noqa: S608
            "SELECT MIN(id), 'bench', %s, 1 FROM org_agency",
            [secrets.token_hex(6)],
        )
    return JsonResponse({"ok": True}, status=201)


urlpatterns = [path("bench/insert", insert_one)]
