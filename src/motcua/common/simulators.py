"""Which local simulators of outside systems are switched on, and what a server refuses to start with.

The identity provider (VNeID), the payment gateway and the national public service portal each have
a local simulator for the demo and the tests. A simulator lets anyone be anyone (log in as any
personal ID, "pay" without money, push dossiers as the portal), so it is **off unless the
environment switches it on by name**:

    MOTCUA_SIMULATORS=1                      every simulator (what ``./run demo`` and the tests set)
    MOTCUA_SIMULATORS=identity,payment       only these (names: identity, payment, portal)
    MOTCUA_SIMULATORS= / 0 / unset           none (production)

A setting that names a simulator as the provider while ``MOTCUA_SIMULATORS`` leaves it off is a
contradiction, and a production server (``DEBUG`` off, no development key) connected to the national
portal without its shared secret would accept forged dossiers: ``startup_problems`` lists both, and settings
refuse to load with them.

This module reads only strings (no Django import at module level): settings.py calls it while the
settings themselves are being built.
"""

from __future__ import annotations

from collections.abc import Mapping

IDENTITY, PAYMENT, PORTAL = "identity", "payment", "portal"
# The order in which they are listed to people; the labels are Vietnamese like every message.
NAMES = {
    IDENTITY: "định danh điện tử (VNeID giả lập)",
    PAYMENT: "cổng thanh toán giả lập",
    PORTAL: "Cổng Dịch vụ công quốc gia giả lập",
}
ALL_ON = {"1", "all", "yes", "true", "on"}
ALL_OFF = {"", "0", "no", "false", "off", "none"}

IDENTITY_SIMULATOR = "motcua.portal.identity.simulator.provider.Simulator"
PAYMENT_SIMULATOR = "simulator"
PORTAL_SIMULATOR = "motcua.integrations.portal_sync.clients.SimulatorClient"


class UnknownSimulator(ValueError):
    pass


def parse(value: str | None) -> frozenset[str]:
    """The simulators named by ``MOTCUA_SIMULATORS``; an unknown name is an error, not ignored."""
    text = (value or "").strip().lower()
    if text in ALL_OFF:
        return frozenset()
    if text in ALL_ON:
        return frozenset(NAMES)
    names = {part.strip() for part in text.split(",") if part.strip()}
    unknown = sorted(names - set(NAMES))
    if unknown:
        raise UnknownSimulator(
            f"MOTCUA_SIMULATORS: không có bộ giả lập {', '.join(unknown)} "
            f"(các tên hợp lệ: {', '.join(NAMES)}; hoặc 1 để bật tất cả)."
        )
    return frozenset(names)


def is_on(name: str) -> bool:
    """Whether the simulator ``name`` is switched on for this process."""
    from django.conf import settings

    return name in getattr(settings, "MOTCUA_SIMULATORS", frozenset())


def describe(on: frozenset[str]) -> str:
    return ", ".join(NAMES[name] for name in NAMES if name in on)


def _is_simulator(name: str, chosen: str) -> bool:
    chosen = (chosen or "").strip()
    return {
        IDENTITY: chosen == IDENTITY_SIMULATOR or chosen.startswith("motcua.portal.identity.simulator"),
        PAYMENT: chosen.rsplit(".", 1)[-1] == PAYMENT_SIMULATOR,
        PORTAL: chosen == PORTAL_SIMULATOR,
    }[name]


def startup_problems(env: Mapping[str, str], *, on: frozenset[str], production: bool) -> list[str]:
    """What this configuration must not run with; each line says what to set (Vietnamese)."""
    problems = []
    chosen = {
        IDENTITY: env.get("MOTCUA_IDENTITY_PROVIDER", ""),
        PAYMENT: env.get("MOTCUA_PAYMENT_PROVIDER", ""),
        PORTAL: env.get("MOTCUA_PORTAL_CLIENT", ""),
    }
    for name, value in chosen.items():
        if value and _is_simulator(name, value) and name not in on:
            problems.append(
                f"{value} là bộ {NAMES[name]}, chỉ dùng cho demo và kiểm thử: "
                f"bật rõ ràng bằng MOTCUA_SIMULATORS={name} hoặc cấu hình hệ thống thật."
            )
    portal_sync = env.get("MOTCUA_PORTAL_SYNC", "1") not in ALL_OFF
    portal_real = PORTAL not in on or (chosen[PORTAL] and not _is_simulator(PORTAL, chosen[PORTAL]))
    if production and portal_sync and portal_real:
        missing = [v for v in ("MOTCUA_PORTAL_URL", "MOTCUA_PORTAL_SECRET") if not env.get(v)]
        if missing:
            problems.append(
                f"Kết nối Cổng Dịch vụ công quốc gia thiếu {', '.join(missing)} (khóa bí mật chung "
                "dùng để ký và kiểm tra hồ sơ trao đổi): đặt các biến này, hoặc MOTCUA_PORTAL_SYNC=0 "
                "nếu chưa kết nối."
            )
    return problems


def banner(on: frozenset[str]) -> str:
    """The line a server prints at start when simulators are on ("" when none is)."""
    if not on:
        return ""
    return (
        f"CẢNH BÁO: đang bật bộ giả lập ({describe(on)}) — MOTCUA_SIMULATORS. "
        "Bất kỳ ai cũng có thể đăng nhập thay công dân, thanh toán giả và gửi hồ sơ giả: "
        "chỉ dùng cho demo và kiểm thử."
    )


def only_when_on(name: str):
    """View decorator: the simulator's own pages do not exist (404) unless it is switched on."""
    import functools

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            from django.http import Http404

            if not is_on(name):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
