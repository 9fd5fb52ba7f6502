"""Refusals of the write path. Each carries a Vietnamese message a person can act on."""


class DossierError(Exception):
    """Base: the action was refused and nothing changed."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or {}
        if code:
            self.code = code


class InvalidInput(DossierError):
    status = 422
    code = "invalid_input"


class NotAllowed(DossierError):
    """A transition out of turn, a repeated action, a rule of the procedure."""

    status = 409
    code = "not_allowed"


class Forbidden(DossierError):
    """The caller lacks the role at the agency concerned, or the dossier is not theirs."""

    status = 403
    code = "forbidden"


class NotFound(DossierError):
    status = 404
    code = "not_found"
