"""The actor of master-data changes: django-auditlog's middleware, for pages only."""

from auditlog.middleware import AuditlogMiddleware

from .reads import client_ip


class AuditActorMiddleware(AuditlogMiddleware):
    """Attach the logged-in user and their address to every change recorded during a request.

    The JSON API passes straight through. It writes no master data, and its callers authenticate
    with a bearer token inside the view, after every middleware has run — the library would only
    find an anonymous user there. Skipping it keeps ``POST /api/v1/dossiers`` (the intake hot
    path) free of the per-request signal connect/disconnect the library does (ADR 0003).
    """

    API_PREFIX = "/api/"

    def __call__(self, request):
        if request.path_info.startswith(self.API_PREFIX):
            return self.get_response(request)
        return super().__call__(request)

    @staticmethod
    def _get_remote_addr(request):
        # The library trusts the left end of X-Forwarded-For, which any client can write.
        return client_ip(request)
