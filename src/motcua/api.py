"""The JSON API at /api/v1/ (OpenAPI at /api/v1/docs, also reachable as /api/docs)."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import HttpBearer, SessionAuth

from motcua import params
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


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "Lý do, bằng tiếng Việt"},
        "code": {"type": "string"},
    },
    "required": ["detail"],
}
REFUSALS = {
    "400": "Yêu cầu bị từ chối",
    "401": "Chưa đăng nhập hoặc mã truy cập không hợp lệ",
    "403": "Không có quyền với cơ quan hoặc hồ sơ này",
    "404": "Không tìm thấy (hoặc không được xem)",
    "409": "Thao tác không đúng lượt theo trạng thái hồ sơ",
    "422": "Dữ liệu gửi lên không hợp lệ hoặc nằm ngoài giới hạn",
}


def _refusals(path: str, operation: dict) -> list[str]:
    """Which refusals an operation may answer: every one may find its input invalid (422); one
    that needs a login, 401/403; one that names an object in its path, 404; the dossier
    operations, the refusals of the write path (400, 409)."""
    codes = ["422"]
    if operation.get("security"):
        codes += ["401", "403"]
    if "{" in path:
        codes.append("404")
    if "dossiers" in operation.get("tags", ()):
        codes += ["400", "404", "409"]
    return codes


class MotcuaAPI(NinjaAPI):
    """The OpenAPI schema also lists the refusals an operation may answer, as ``Error``."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                for code in _refusals(path, operation):
                    operation["responses"].setdefault(code, {"description": REFUSALS[code], "content": error})
        return schema


api = MotcuaAPI(
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


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError):
    """Input the API cannot read: 422 with one Vietnamese sentence per field (ninja's are English)."""
    problems = [params.explain(error) for error in exc.errors]
    return api.create_response(
        request,
        {
            "detail": " ".join(problems),
            "code": "invalid_input",
            "errors": [
                {"loc": list(e.get("loc", ())), "msg": m} for e, m in zip(exc.errors, problems, strict=True)
            ],
        },
        status=422,
    )


@api.exception_handler(params.OutOfRange)
def out_of_range(request: HttpRequest, exc: params.OutOfRange):
    return api.create_response(request, {"detail": exc.message, "code": "invalid_input"}, status=422)


api.add_router("/catalog/", catalog_router)
api.add_router("/", dossiers_router)
api.add_router("/", org_router)
