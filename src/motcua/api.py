"""The JSON API at /api/v1/ (OpenAPI at /api/v1/docs, also reachable as /api/docs)."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from motcua.catalog.api import router as catalog_router
from motcua.dossiers.api import router as dossiers_router
from motcua.dossiers.errors import DossierError
from motcua.org.api import router as org_router
from motcua.org.tokens import user_for_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` for systems and scripts (see ``motcua manage issue_token``)."""

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="motcua API",
    version="1",
    description="Hệ thống thông tin giải quyết thủ tục hành chính — API v1",
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    urls_namespace="api-v1",
)


@api.exception_handler(DossierError)
def dossier_error(request: HttpRequest, exc: DossierError):
    return api.create_response(
        request, {"detail": exc.message, "code": exc.code, **exc.details}, status=exc.status
    )


api.add_router("/catalog/", catalog_router)
api.add_router("/", dossiers_router)
api.add_router("/", org_router)
