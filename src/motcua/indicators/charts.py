"""Charts drawn on the server as inline SVG: no JavaScript library, no CDN, printable.

Every chart carries a ``<title>`` and a ``<desc>`` (read by screen readers), a ``<title>`` per
bar, and writes its values as text next to the bars, so the numbers are there without the
picture. An unmeasured figure is drawn as text ("chưa đo được"), never as a bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .values import NOT_MEASURED

COLOURS = ("#0b4f9c", "#1c7c3c", "#b36b00", "#6a3d9a", "#a40000")
GREY = "#eceff3"
_ids = count(1)


@dataclass(frozen=True)
class Bar:
    """One bar: ``value`` of ``maximum`` (None value: not measured / no data, drawn as text)."""

    label: str
    value: float | None
    maximum: float
    text: str = ""  # what to write next to the bar; "value / maximum" when empty
    href: str = ""


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    n = next(_ids)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" aria-labelledby="chart{n}-t chart{n}-d">'
        f'<title id="chart{n}-t">{escape(title)}</title><desc id="chart{n}-d">{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 — every text part is escaped


def _num(x: float) -> str:
    """A value as the reader writes it: one decimal at most, the language's decimal mark (14,8)."""
    if isinstance(x, float) and round(x, 1) != int(round(x, 1)):
        return number_format(round(x, 1), 1)
    return str(int(round(x))) if isinstance(x, float) else str(x)


def _link(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def bars(title: str, items: list[Bar], *, label_width: int = 230, width: int = 640) -> SafeString:
    """Horizontal bars, one per item, each scaled to its own maximum (points of a group)."""
    row, top = 30, 8
    plot = width - label_width - 110
    body = []
    for i, bar in enumerate(items):
        y = top + i * row
        text = bar.text or (
            str(NOT_MEASURED) if bar.value is None else f"{_num(bar.value)} / {_num(bar.maximum)}"
        )
        body.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" font-size="13">'
            f"{escape(bar.label)}</text>"
            f'<rect x="{label_width}" y="{y + 2}" width="{plot}" height="18" fill="{GREY}"/>'
        )
        if bar.value is not None and bar.maximum:
            w = max(0.0, min(1.0, bar.value / bar.maximum)) * plot
            rect = (
                f'<rect x="{label_width}" y="{y + 2}" width="{w:.1f}" height="18" fill="{COLOURS[0]}">'
                f"<title>{escape(bar.label)}: {escape(text)}</title></rect>"
            )
            body.append(_link(bar.href, rect))
        body.append(
            f'<text x="{label_width + plot + 8}" y="{y + 15}" font-size="13">'
            f"{_link(bar.href, escape(text))}</text>"
        )
    desc = "; ".join(
        f"{b.label}: {b.text or (NOT_MEASURED if b.value is None else _num(b.value))}" for b in items
    )
    return _svg(width, top * 2 + row * len(items), title, desc, body)


def split(title: str, parts: list[tuple[str, int, str]], *, width: int = 640) -> SafeString:
    """One stacked bar of ``(label, count, href)`` parts (dossiers by channel) with a legend."""
    total = sum(n for _, n, _ in parts)
    body, x = [], 0.0
    for i, (label, n, href) in enumerate(parts):
        share = n / total if total else 0
        text = f"{label}: {n} ({number_format(share * 100, 1)}%)"
        if n:
            rect = (
                f'<rect x="{x:.1f}" y="4" width="{share * width:.1f}" height="26" fill="{COLOURS[i % 5]}">'
                f"<title>{escape(text)}</title></rect>"
            )
            body.append(_link(href, rect))
            x += share * width
        ly = 50 + i * 22
        body.append(
            f'<rect x="0" y="{ly - 12}" width="14" height="14" fill="{COLOURS[i % 5]}"/>'
            f'<text x="22" y="{ly}" font-size="13">{_link(href, escape(text))}</text>'
        )
    if not total:
        body.insert(0, f'<rect x="0" y="4" width="{width}" height="26" fill="{GREY}"/>')
    desc = _("Tổng %(n)s hồ sơ. ") % {"n": total} + "; ".join(f"{label}: {n}" for label, n, _h in parts)
    return _svg(width, 44 + 22 * len(parts), title, desc, body)


def trend(
    title: str, months: list[tuple[str, int, int]], *, width: int = 720, height: int = 240
) -> SafeString:
    """Monthly pairs of bars: dossiers received, and dossiers ended early or on time."""
    left, bottom, top = 36, 40, 16
    plot_h = height - bottom - top
    slot = (width - left) / max(1, len(months))
    peak = max([1, *(max(a, b) for _, a, b in months)])
    body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width}" y2="{top + plot_h}" stroke="#9aa5b4"/>']
    names = (_("tiếp nhận"), _("giải quyết đúng hạn"))
    for i, (label, received, on_time) in enumerate(months):
        x0 = left + i * slot + slot * 0.12
        bw = slot * 0.36
        for j, n in enumerate((received, on_time)):
            h = n / peak * plot_h
            x = x0 + j * bw
            body.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bw:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[j]}"><title>{escape(label)} — {escape(names[j])}: {n}</title></rect>'
                f'<text x="{x + bw / 2:.1f}" y="{top + plot_h - h - 3:.1f}" font-size="10" '
                f'text-anchor="middle">{n}</text>'
            )
        body.append(
            f'<text x="{left + i * slot + slot / 2:.1f}" y="{top + plot_h + 16}" font-size="11" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    for j, name in enumerate(names):
        x = left + j * 200
        body.append(
            f'<rect x="{x}" y="{height - 14}" width="12" height="12" fill="{COLOURS[j]}"/>'
            f'<text x="{x + 18}" y="{height - 3}" font-size="12">{escape(name)}</text>'
        )
    desc = "; ".join(f"{m}: {names[0]} {a}, {names[1]} {b}" for m, a, b in months)
    return _svg(width, height, title, desc, body)
