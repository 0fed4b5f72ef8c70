"""The trend chart of a measure page as coordinates for a server-rendered SVG (no JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass

from workforce.improvement.figures import MeasureFigures
from workforce.kernel.charts import Frame, nice_scale

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48
#: Dash patterns of the comparator lines (told apart by pattern and label, never by colour alone).
DASHES = ("1 3", "12 3 2 3", "6 2 1 2 1 2", "4 4 1 4")


@dataclass(frozen=True)
class ComparatorLine:
    y: float
    #: For the chart's text description: "England 2025: 11.8".
    label: str
    #: Written on the line, spread along it so that labels of close lines do not sit on each other.
    short_label: str
    dash: str
    label_x: float


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    value_points: str
    trajectory_points: str
    target_y: float
    y_ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, str, str]]
    markers: list[tuple[float, float]]
    #: Horizontal lines for the comparators with a number.
    comparator_lines: list[ComparatorLine]
    plot_left: int
    plot_right: int
    plot_bottom: int


def trend_chart(figures: MeasureFigures) -> TrendChart:
    trend = figures.trend
    known = [point.value for point in trend if point.available and point.value is not None]
    named = zip(figures.comparators.rows, figures.comparators.short_rows, strict=True)
    comparators = [
        (label, short, float(value)) for (label, value), (short, _same) in named if isinstance(value, int | float)
    ][: len(DASHES)]
    candidates = (
        known
        + [point.expected for point in trend]
        + [figures.plan_measure.target_value]
        + [value for _label, _short, value in comparators]
    )
    frame = Frame(WIDTH, HEIGHT, len(trend), nice_scale(candidates), LEFT, RIGHT, TOP, BOTTOM)
    x, y = frame.x, frame.y
    plot_width = WIDTH - LEFT - RIGHT
    markers = [(x(i), y(p.value)) for i, p in enumerate(trend) if p.available and p.value is not None]
    return TrendChart(
        width=WIDTH,
        height=HEIGHT,
        value_points=" ".join(f"{px},{py}" for px, py in markers),
        trajectory_points=" ".join(f"{x(i)},{y(point.expected)}" for i, point in enumerate(trend)),
        target_y=y(figures.plan_measure.target_value),
        y_ticks=frame.gridlines(),
        x_labels=frame.x_labels([f"{point.month:%b %y}" for point in trend]),
        markers=markers,
        comparator_lines=[
            ComparatorLine(
                y=y(value),
                label=f"{label}: {value:,.1f}",
                short_label=short,
                dash=DASHES[index],
                label_x=round(LEFT + plot_width * (index + 1) / (len(comparators) + 1), 1),
            )
            for index, (label, short, value) in enumerate(comparators)
        ],
        plot_left=frame.plot_left,
        plot_right=frame.plot_right,
        plot_bottom=frame.plot_bottom,
    )
