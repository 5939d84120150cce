"""Charts drawn on the server as accessible SVG: no script is needed to show a number.

Each chart is an image with a title and a description; the page always puts a table with the
same figures beside it. Series differ by line style and marker shape as well as colour, and
scale to the width of the page through their viewBox.
"""

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from markupsafe import Markup, escape

WIDTH = 400
TEXT = "#0b0c0c"
AXIS = "#505a5f"
GRID = "#b1b4b6"
BAR = "#1d70b8"
# Colour, dash pattern and marker for up to three series: never colour alone.
STYLES = (("#1d70b8", "", "circle"), ("#4c2c92", "8 4", "square"),
          ("#0b0c0c", "12 3 3 3", "triangle"))
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"'


class Point(Protocol):
    """What a chart needs of a figure: its share (0–1, None without shops), its words, and
    whether there were enough shops to rate it."""

    @property
    def value(self) -> float | None: ...

    @property
    def label(self) -> str: ...

    @property
    def enough(self) -> bool: ...


def _svg(chart_id: str, title: str, description: str, height: float, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="app-chart" role="img" aria-labelledby="{chart_id}-title" '
        f'aria-describedby="{chart_id}-desc" viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg" {FONT} font-size="14" fill="{TEXT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        + "".join(body) + "</svg>")


def _text(x: float, y: float, words: str, anchor: str = "start", size: int = 14,
          weight: str = "normal", halo: bool = False) -> str:
    bold = ' font-weight="bold"' if weight == "bold" else ""
    # A white outline keeps the words readable where a gridline runs behind them.
    outline = ' stroke="#ffffff" stroke-width="4" paint-order="stroke"' if halo else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"'
            f"{bold}{outline}>{escape(words)}</text>")


def bar_chart(chart_id: str, title: str, description: str,
              bars: Sequence[tuple[str, Point]], thresholds: Sequence[tuple[float, str]],
              insufficient: str) -> Markup:
    """Horizontal bars, 0–100%, each labelled above with its name and beside with its figure.

    Bars with too few shops for a rating are hatched, not solid; thresholds (share, words
    like "90% compliant") are dashed lines, explained in the legend.
    """
    left, plot = 4, WIDTH - 164
    top, row = 110, 44
    bottom = top + row * len(bars)
    body = [
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{BAR}" stroke-width="3"/></pattern></defs>',
        f'<rect x="{left}" y="4" width="14" height="14" fill="{BAR}"/>',
        _text(left + 20, 16, "Enough shops for a rating", size=13),
        f'<rect x="{left}" y="26" width="14" height="14" fill="url(#{chart_id}-hatch)" '
        f'stroke="{BAR}"/>',
        _text(left + 20, 38, insufficient, size=13),
    ]
    if thresholds:
        body.append(f'<line x1="{left}" y1="55" x2="{left + 14}" y2="55" stroke="{AXIS}" '
                    f'stroke-width="1.5" stroke-dasharray="4 3"/>')
        body.append(_text(left + 20, 60, "Dashed lines: " + "; ".join(w for _, w in thresholds),
                          size=13))
    for share, _ in thresholds:
        x = left + share * plot
        body.append(f'<line x1="{x:.1f}" y1="{top - 14}" x2="{x:.1f}" y2="{bottom}" '
                    f'stroke="{AXIS}" stroke-width="1.5" stroke-dasharray="4 3"/>')
        body.append(_text(x, bottom + 16, f"{share:.0%}", anchor="middle", size=12))
    for share, anchor in ((0, "start"), (0.5, "middle"), (1, "middle")):
        body.append(_text(left + share * plot, top - 20, f"{share:.0%}", anchor=anchor, size=12))
    body.append(f'<line x1="{left}" y1="{top - 14}" x2="{left}" y2="{bottom}" stroke="{AXIS}"/>')
    for index, (name, point) in enumerate(bars):
        y = top + index * row
        body.append(_text(left + 4, y + 4, name, weight="bold", halo=True))
        if point.value is None:
            body.append(_text(left + 4, y + 26, point.label, size=13, halo=True))
            continue
        width = max(point.value * plot, 1)
        fill = BAR if point.enough else f"url(#{chart_id}-hatch)"
        body.append(f'<rect x="{left}" y="{y + 11}" width="{width:.1f}" height="18" '
                    f'fill="{fill}" stroke="{BAR}"/>')
        body.append(_text(left + width + 6, y + 25, point.label, size=13, halo=True))
    return _svg(chart_id, title, description, bottom + 24, body)


def line_chart(chart_id: str, title: str, description: str, months: Sequence[date],
               series: Sequence[tuple[str, Sequence[Point]]], thin: str) -> Markup:
    """Pass rate by month, a line per series; a gap where a month had no shops.

    A month with too few shops for a rating gets a hollow marker.
    """
    left, right = 44, WIDTH - 12
    legend = 20 * len(series) + 26
    top, bottom = legend + 12, legend + 212
    step = (right - left) / max(len(months) - 1, 1)
    body = []
    for index, (name, _) in enumerate(series):
        colour, dash, marker = STYLES[index % len(STYLES)]
        y = 12 + index * 20
        body.append(f'<line x1="0" y1="{y}" x2="30" y2="{y}" stroke="{colour}" '
                    f'stroke-width="2.5" stroke-dasharray="{dash}"/>')
        body.append(_marker(marker, 15, y, colour, True))
        body.append(_text(38, y + 5, name))
    y = 12 + len(series) * 20
    body.append(_marker("circle", 15, y, TEXT, False))
    body.append(_text(38, y + 5, thin))

    def y_of(share: float) -> float:
        return bottom - share * (bottom - top)

    for share in (0, 0.2, 0.4, 0.6, 0.8, 1):
        body.append(f'<line x1="{left}" y1="{y_of(share):.1f}" x2="{right}" '
                    f'y2="{y_of(share):.1f}" stroke="{GRID}" stroke-width="1"/>')
        body.append(_text(left - 6, y_of(share) + 4, f"{share:.0%}", anchor="end", size=12))
    body.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{AXIS}"/>')
    for index, month in enumerate(months):
        x = left + index * step
        body.append(_text(x, bottom + 16, month.strftime("%b"), anchor="middle", size=11))
        if index == 0 or month.month == 1:
            body.append(_text(x, bottom + 30, str(month.year), anchor="middle", size=11))
    for index, (_, points) in enumerate(series):
        colour, dash, marker = STYLES[index % len(STYLES)]
        for run in _runs(points):
            path = " ".join(f"{'M' if n == 0 else 'L'}{left + i * step:.1f},{y_of(v):.1f}"
                            for n, (i, v) in enumerate(run))
            body.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5" '
                        f'stroke-dasharray="{dash}"/>')
        for i, point in enumerate(points):
            if point.value is not None:
                body.append(_marker(marker, left + i * step, y_of(point.value), colour,
                                    point.enough))
    return _svg(chart_id, title, description, bottom + 38, body)


def _runs(points: Sequence[Point]) -> list[list[tuple[int, float]]]:
    """Stretches of consecutive months with a figure, each drawn as one line."""
    runs: list[list[tuple[int, float]]] = [[]]
    for index, point in enumerate(points):
        if point.value is None:
            runs.append([])
        else:
            runs[-1].append((index, point.value))
    return [run for run in runs if run]


def _marker(shape: str, x: float, y: float, colour: str, filled: bool) -> str:
    fill = colour if filled else "#ffffff"
    paint = f'fill="{fill}" stroke="{colour}" stroke-width="2"'
    if shape == "square":
        return f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" {paint}/>'
    if shape == "triangle":
        return (f'<path d="M{x:.1f},{y - 6:.1f} L{x + 5.5:.1f},{y + 4:.1f} '
                f'L{x - 5.5:.1f},{y + 4:.1f} Z" {paint}/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" {paint}/>'
