"""Server-rendered SVG charts: no script, no external library; every label escaped."""
from __future__ import annotations

from html import escape

from markupsafe import Markup

ROW = 22          # px per bar
LABEL = 190       # px for the labels of a horizontal chart
WIDTH = 560


def bars(pairs: list[tuple[str, int]], title: str, limit: int = 40) -> Markup:
    """Horizontal bars, one per (label, count), in the order given; more than ``limit`` are summed
    into one 「其他」 bar so a chart of 33 events stays readable."""
    if len(pairs) > limit:
        pairs = pairs[:limit - 1] + [(f"其他 {len(pairs) - limit + 1} 项", sum(n for _, n in pairs[limit - 1:]))]
    if not pairs:
        return _empty(title)
    top = max(n for _, n in pairs) or 1
    span = WIDTH - LABEL - 60
    height = ROW * len(pairs) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i, (label, n) in enumerate(pairs):
        y = 5 + i * ROW
        w = max(1, round(span * n / top)) if n else 0
        short = label if len(label) <= 14 else label[:13] + "…"
        parts.append(
            f'<g class="bar" data-label="{escape(label)}" data-count="{n}">'
            f'<text x="{LABEL - 6}" y="{y + 15}" text-anchor="end" font-size="13">{escape(short)}</text>'
            f'<rect x="{LABEL}" y="{y + 3}" width="{w}" height="{ROW - 6}" fill="#c0392b"><title>{escape(label)}：{n}</title></rect>'
            f'<text x="{LABEL + w + 5}" y="{y + 15}" font-size="12">{n}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(pairs: list[tuple[str, int]], title: str) -> Markup:
    """Vertical columns per day (label YYYY-MM-DD), in the order given; labels thinned to fit."""
    if not pairs:
        return _empty(title)
    top = max(n for _, n in pairs) or 1
    plot_h, base = 160, 180
    step = max(4.0, (WIDTH - 50) / len(pairs))
    width = round(50 + step * len(pairs))
    every = max(1, round(60 / step))          # a date label at most every 60 px
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 215" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<text x="0" y="14" font-size="12">最多 {top}</text>',
             f'<line x1="40" y1="{base}" x2="{width}" y2="{base}" stroke="#999"/>']
    for i, (day, n) in enumerate(pairs):
        h = round(plot_h * n / top)
        x = 45 + i * step
        parts.append(f'<g class="bar" data-label="{escape(day)}" data-count="{n}">'
                     f'<rect x="{x:.1f}" y="{base - h}" width="{max(2.0, step - 2):.1f}" height="{h}" fill="#c0392b">'
                     f'<title>{escape(day)}：{n}</title></rect></g>')
        if i % every == 0:
            parts.append(f'<text x="{x:.1f}" y="{base + 16}" font-size="11">{escape(day[5:])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _empty(title: str) -> Markup:
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} 40" role="img" '
                  f'aria-label="{escape(title)}"><text x="10" y="25" font-size="13">还没有报名</text></svg>')
