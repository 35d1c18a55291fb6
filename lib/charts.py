"""Server-drawn SVG charts: no JavaScript, no inline styles (so the Content Security
Policy holds), the same markup on the web and in PDFs. Each chart carries a text
alternative, and pages show its data as a table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: str


def horizontal_bars(bars: Sequence[Bar], *, title: str, chart_id: str, width: int = 640) -> str:
    label_width, row_height, gap, count_width = 150, 28, 10, 60
    font = 'font-family="arial, sans-serif" font-size="16" fill="#0b0c0c"'
    plot_width = width - label_width - count_width
    height = len(bars) * (row_height + gap) + gap
    top = max((bar.value for bar in bars), default=0) or 1
    description = ", ".join(f"{bar.label}: {bar.value}" for bar in bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = gap + index * (row_height + gap)
        length = round(plot_width * bar.value / top)
        middle = y + row_height / 2
        parts.append(
            f'<text x="{label_width - 10}" y="{middle}" text-anchor="end" dominant-baseline="middle" '
            f"{font}>{escape(bar.label)}</text>"
        )
        if length:
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{length}" height="{row_height}" '
                f'fill="{bar.colour}"/>'
            )
        parts.append(
            f'<text x="{label_width + length + 8}" y="{middle}" dominant-baseline="middle" '
            f'{font} font-weight="bold">{bar.value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
