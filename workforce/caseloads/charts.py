"""Server-rendered charts: coordinates for small SVG line and bar charts (the numbers go in a table beside)."""

from __future__ import annotations

from dataclasses import dataclass

from workforce.kernel.charts import Frame, nice_scale


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    path: str
    points: list[tuple[float, float, str, float]]
    y_ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, str, str]]
    #: A horizontal reference line (the threshold): its y and label.
    reference: tuple[float, str] | None


def line_chart(
    series: list[tuple[str, float | None]],
    width: int = 640,
    height: int = 240,
    reference: tuple[float, str] | None = None,
) -> LineChart | None:
    """A line through the values (gaps where a value is None), with axis ticks; None when nothing to draw."""
    values = [value for _label, value in series if value is not None]
    if not values:
        return None
    scale = nice_scale([*values, reference[0] if reference else None])
    frame = Frame(width, height, len(series), scale, left=48)
    points, commands, pen_down = [], [], False
    for index, (label, value) in enumerate(series):
        if value is None:
            pen_down = False
            continue
        x, y = frame.x(index), frame.y(value)
        commands.append(f"{'L' if pen_down else 'M'}{x},{y}")
        pen_down = True
        points.append((x, y, label, value))
    x_labels = frame.x_labels([label for label, _value in series], most=6)
    line = (frame.y(reference[0]), reference[1]) if reference else None
    return LineChart(width, height, " ".join(commands), points, frame.gridlines(), x_labels, line)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: float
    width: float


def bar_chart(rows: list[tuple[str, int]], width: int = 640, bar_height: int = 28) -> tuple[list[Bar], int]:
    """Horizontal bars for labelled counts; returns the bars and the chart's height."""
    top = max((count for _label, count in rows), default=0) or 1
    plot_w = width - 140 - 60
    bars = [
        Bar(label, count, index * (bar_height + 8), round(count / top * plot_w, 1))
        for index, (label, count) in enumerate(rows)
    ]
    return bars, len(rows) * (bar_height + 8)
