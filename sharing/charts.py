"""Charts for the figures page (issue 14), drawn on the server as SVG: no script, no style
attribute (the CSP forbids inline styles; SVG presentation attributes are not styles).

A chart is drawn only from figures that are shown: a suppressed figure is a gap with "[c]" under
it, never a bar (docs/figures.md). The table beside it is its text alternative
(``aria-describedby``)."""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 12, 48
BAR = "#1d70b8"  # GOV.UK blue
CENTRE_BAR = "#0b0c0c"
AXIS = "#505a5f"
GAP = "[c]"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: suppressed or nothing to show — drawn as a gap
    suppressed: bool = False
    emphasis: bool = False  # the whole centre, against its sectors


def _n(number: float) -> str:
    return f"{number:.1f}"


def bar_chart(*, chart_id: str, title: str, bars: list[Bar], described_by: str, percent: bool = True) -> SafeString:
    top_value = 100.0 if percent else max([b.value for b in bars if b.value is not None] + [1.0])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(bars), 1)
    bar_w = max(step * 0.6, 2)
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
        '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="{}">{}</text>'
        '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="{}">0</text>',
        LEFT, TOP + plot_h, LEFT + plot_w, TOP + plot_h, AXIS,
        LEFT - 4, TOP + 10, AXIS, "100%" if percent else f"{top_value:,.0f}",
        LEFT - 4, TOP + plot_h, AXIS,
    )
    parts = []
    for index, bar in enumerate(bars):
        x = LEFT + index * step + (step - bar_w) / 2
        middle = x + bar_w / 2
        if bar.value is not None:
            height = plot_h * min(bar.value, top_value) / top_value
            parts.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                _n(x), _n(TOP + plot_h - height), _n(bar_w), _n(height), CENTRE_BAR if bar.emphasis else BAR,
            ))
        elif bar.suppressed:
            parts.append(format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>',
                _n(middle), _n(TOP + plot_h - 4), AXIS, GAP,
            ))
        parts.append(format_html(
            '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#0b0c0c">{}</text>',
            _n(middle), _n(TOP + plot_h + 16 + (12 if index % 2 and len(bars) > 8 else 0)), bar.label,
        ))
    body = mark_safe("".join(parts))  # noqa: S308 — every part is built with format_html
    return format_html(
        '<svg id="{}" class="figures-chart" role="img" aria-labelledby="{}-title" aria-describedby="{}" '
        'viewBox="0 0 {} {}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title>{}{}</svg>',
        chart_id, chart_id, described_by, WIDTH, HEIGHT, chart_id, title, axis, body,
    )


def short_labels(labels: list[str]) -> list[str]:
    """"January 2026" → "Jan 26", to fit under a bar."""
    out = []
    for label in labels:
        words = label.split()
        out.append(f"{words[0][:3]} {words[-1][-2:]}" if len(words) == 2 and words[-1].isdigit() else label)
    return out


__all__ = ["Bar", "bar_chart", "short_labels", "format_html_join"]
