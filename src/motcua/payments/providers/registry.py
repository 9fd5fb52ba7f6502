"""Which providers exist and which one is in use, from settings.

``MOTCUA_PAYMENT_PROVIDER`` (setting or environment variable) names the provider for new online
payments; unset, it is the local simulator when ``MOTCUA_SIMULATORS`` switches it on, and none
otherwise (no online payment: fees are paid at the desk). A name without a dot is a folder of
this package; a dotted name is any importable module that registers a provider.
``MOTCUA_PAYMENT_PROVIDERS`` lists every provider whose callbacks are still accepted (default:
the one in use).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import Provider

SIMULATOR = "simulator"  # the local gateway, only when MOTCUA_SIMULATORS switches it on
_providers: dict[str, Provider] = {}


def register(code: str) -> Callable[[type], type]:
    """Class decorator: instantiate the provider and file it under ``code``."""

    def decorate(cls: type) -> type:
        instance = cls()
        instance.code = code
        _providers[code] = instance
        return cls

    return decorate


def selected_code() -> str:
    """The provider of new online payments, or "" when none is configured."""
    from motcua.common import simulators

    configured = getattr(settings, "MOTCUA_PAYMENT_PROVIDER", "") or os.environ.get(
        "MOTCUA_PAYMENT_PROVIDER", ""
    )
    if configured:
        return configured
    return SIMULATOR if simulators.is_on(simulators.PAYMENT) else ""


def online_payment_available() -> bool:
    return bool(selected_code())


def enabled_codes() -> list[str]:
    codes = list(getattr(settings, "MOTCUA_PAYMENT_PROVIDERS", None) or [])
    selected = selected_code()
    if not selected:
        return codes
    return codes if selected in codes else [selected, *codes]


def _load(name: str) -> str:
    module = name if "." in name else f"{__package__}.{name}"
    try:
        import_module(module)
    except ImportError as exc:
        raise ImproperlyConfigured(f"Không nạp được cổng thanh toán {name!r}: {exc}") from exc
    return name.rsplit(".", 1)[-1]


def get_provider(code: str | None = None) -> Provider:
    """The provider registered as ``code`` (default: the selected one), loading it on first use."""
    code = code or selected_code()
    if code not in _providers:
        _load(code)
    try:
        return _providers[code.rsplit(".", 1)[-1]]
    except KeyError:
        raise ImproperlyConfigured(f"Cổng thanh toán {code!r} không đăng ký với registry.") from None


def known(code: str) -> bool:
    """Whether callbacks for ``code`` are accepted (an enabled provider; the simulator only when on)."""
    from motcua.common import simulators

    if code == SIMULATOR and not simulators.is_on(simulators.PAYMENT):
        return False
    return bool(code) and code in {c.rsplit(".", 1)[-1] for c in enabled_codes()}


def provider_urlpatterns() -> list:
    """URL patterns served by the enabled providers themselves (the simulator's gateway page)."""
    patterns: list = []
    # The simulator's page is always routed and answers 404 unless MOTCUA_SIMULATORS switches it on
    # (its view checks at each request), so the URLs do not depend on when they were first loaded.
    for code in dict.fromkeys([SIMULATOR, *enabled_codes()]):
        patterns += get_provider(code).urlpatterns()
    return patterns
