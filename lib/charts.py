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


@dataclass(frozen=True)
class Period:
    """One period of a trend: its label and value (None for no figure, such as one
    withheld by disclosure control; drawn as a gap and said in the description)."""

    label: str
    value: float | None
    shown: str  # the value in words, as the table beside the chart gives it: "95%", "Suppressed"


def trend(
    periods: Sequence[Period],
    *,
    title: str,
    chart_id: str,
    target: float | None = None,
    target_shown: str = "",
    width: int = 640,
    height: int = 240,
) -> str:
    """Columns for the periods, oldest on the left, with a dashed line at the target.
    Attributes only (no style), so the same markup serves pages and WeasyPrint PDFs."""
    face = 'font-family="arial, sans-serif" font-size="14"'
    font = f'{face} fill="#0b0c0c"'
    left, right, top_gap, bottom = 10, 10, 24, 40
    plot_width, plot_height = width - left - right, height - top_gap - bottom
    values = [p.value for p in periods if p.value is not None]
    top = max([*values, target or 0, 0]) or 1
    slot = plot_width / max(len(periods), 1)
    bar = slot * 0.6
    baseline = top_gap + plot_height
    described = ", ".join(f"{p.label}: {p.shown}" for p in periods)
    if target is not None:
        described += f". Target: {target_shown or target}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(described)}</desc>',
        f'<line x1="{left}" y1="{baseline}" x2="{width - right}" y2="{baseline}" '
        'stroke="#0b0c0c" stroke-width="1"/>',
    ]
    for index, period in enumerate(periods):
        x = left + index * slot + (slot - bar) / 2
        middle = x + bar / 2
        if period.value is not None:
            length = round(plot_height * period.value / top, 1)
            parts.append(
                f'<rect x="{x:.1f}" y="{baseline - length:.1f}" width="{bar:.1f}" height="{length}" '
                'fill="#1d70b8"/>'
            )
            parts.append(
                f'<text x="{middle:.1f}" y="{baseline - length - 6:.1f}" text-anchor="middle" {font}>'
                f"{escape(period.shown)}</text>"
            )
        else:
            parts.append(
                f'<text x="{middle:.1f}" y="{baseline - 6}" text-anchor="middle" {font}>'
                f"{escape(period.shown)}</text>"
            )
        parts.append(
            f'<text x="{middle:.1f}" y="{baseline + 18}" text-anchor="middle" {font}>'
            f"{escape(period.label)}</text>"
        )
    if target is not None:
        y = baseline - plot_height * target / top
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#d4351c" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{width - right}" y="{y - 6:.1f}" text-anchor="end" {face} fill="#d4351c">'
            f"Target {escape(target_shown)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
