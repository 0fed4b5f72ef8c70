"""Server-rendered line charts: geometry for an SVG with the figures it shows, for a table beside it."""

from __future__ import annotations

from dataclasses import dataclass


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


def line_chart(
    title: str, unit: str, series: list[tuple[str, float | None]], width: int = 640, height: int = 240
) -> LineChart:
    """Place the points of `series` (label, value) on a chart; gaps where a value is not applicable."""
    left, right, top, bottom = 56, 12, 12, 36
    values = [value for _, value in series if value is not None]
    top_value = max(values, default=0)
    low_value = min(min(values, default=0), 0)
    step = _nice_step((top_value - low_value) or 1)
    ceiling = step * (int(top_value / step) + 1) if top_value > 0 else step
    floor = -step * (int(-low_value / step) + (1 if low_value < 0 else 0)) if low_value < 0 else 0
    plot_width, plot_height = width - left - right, height - top - bottom

    def y_of(value: float) -> float:
        return round(top + plot_height * (1 - (value - floor) / (ceiling - floor)), 1)

    count = max(len(series) - 1, 1)
    points = [
        ChartPoint(label, value, round(left + plot_width * index / count, 1), None if value is None else y_of(value))
        for index, (label, value) in enumerate(series)
    ]
    gridlines = []
    value = floor
    while value <= ceiling + step / 2:
        gridlines.append((y_of(value), _format(value)))
        value += step
    lines, run = [], []
    for point in points:
        if point.y is None:
            if len(run) > 1:
                lines.append(" ".join(run))
            run = []
        else:
            run.append(f"{point.x},{point.y}")
    if len(run) > 1:
        lines.append(" ".join(run))
    return LineChart(title, unit, points, width, height, gridlines, lines, _describe(title, unit, series))


def _nice_step(span: float) -> float:
    raw = span / 4
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 0.1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _format(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


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
