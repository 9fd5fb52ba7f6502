"""The interface every payment provider implements (cổng thanh toán)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

if TYPE_CHECKING:
    from motcua.payments.models import Payment

Outcome = Literal["paid", "failed", "cancelled"]


@dataclass(frozen=True)
class CallbackResult:
    """What a provider's callback (browser return or server-to-server IPN) says, once read.

    ``valid`` is False when the signature does not check out: then nothing else may be trusted.
    """

    valid: bool
    reference: str = ""
    provider_txn: str = ""
    outcome: Outcome = "failed"
    amount: int | None = None
    raw: dict = field(default_factory=dict)


@runtime_checkable
class Provider(Protocol):
    code: str
    name: str

    def start(self, payment: Payment, return_url: str) -> str:
        """The URL to send the citizen's browser to, carrying the signed payment request."""
        ...

    def verify_callback(self, params: Mapping[str, str]) -> CallbackResult:
        """Check the signature of a callback and read it; never raises on bad input."""
        ...

    def urlpatterns(self) -> list:
        """Pages the provider serves itself (a local simulator), or an empty list."""
        ...
