"""Server-rendered line charts: geometry for an SVG with the figures it shows, for a table beside it."""

from __future__ import annotations

from dataclasses import dataclass

from workforce.kernel.charts import Frame, nice_scale, polylines
from workforce.kernel.charts import format_number as _format


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: float | None
    x: float
    y: float | None


@dataclass(frozen=True)
class LineChart:
    title: str
    unit: str
    points: list[ChartPoint]
    width: int
    height: int
    #: (y position, label) of the horizontal gridlines.
    gridlines: list[tuple[float, str]]
    #: Runs of consecutive points with a value, as "x,y x,y ..." for <polyline>.
    lines: list[str]
    description: str
    #: (x, label, text-anchor) of the month labels along the bottom.
    x_labels: list[tuple[float, str, str]]


def line_chart(
    title: str, unit: str, series: list[tuple[str, float | None]], width: int = 640, height: int = 240
) -> LineChart:
    """Place the points of `series` (label, value) on a chart; gaps where a value is not applicable."""
    frame = Frame(width, height, len(series), nice_scale(value for _, value in series), right=12)
    points = [
        ChartPoint(label, value, frame.x(index), None if value is None else frame.y(value))
        for index, (label, value) in enumerate(series)
    ]
    lines = polylines((point.x, point.y) for point in points)
    x_labels = frame.x_labels([label for label, _ in series], most=6)
    return LineChart(
        title, unit, points, width, height, frame.gridlines(), lines, _describe(title, unit, series), x_labels
    )


def _describe(title: str, unit: str, series: list[tuple[str, float | None]]) -> str:
    known = [(label, value) for label, value in series if value is not None]
    if not known:
        return f"{title}: no figures for this period."
    first, last = known[0], known[-1]
    highest = max(known, key=lambda item: item[1])
    lowest = min(known, key=lambda item: item[1])
    suffix = "%" if unit == "%" else f" {unit}"
    return (
        f"{title}: {_format(first[1])}{suffix} in {first[0]} and {_format(last[1])}{suffix} in {last[0]}; "
        f"highest {_format(highest[1])}{suffix} in {highest[0]}, lowest {_format(lowest[1])}{suffix} in {lowest[0]}."
    )
