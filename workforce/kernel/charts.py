"""Geometry for the server-rendered SVG charts every module draws (no JavaScript, the figures in a table beside).

A `Frame` maps month indexes and values to SVG coordinates inside the margins; `nice_scale` picks an axis
from zero (or below, for negative values) to a round number above the highest value; `polylines` turns a
series with gaps into the runs of points a `<polyline>` draws. Each chart keeps its own template, title
and text description; this module only places things.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    low: float
    high: float
    step: float

    def ticks(self) -> list[float]:
        """The values of the horizontal gridlines, from the bottom of the axis to its top."""
        values, value = [], self.low
        while value <= self.high + self.step / 2:
            values.append(round(value, 10))
            value += self.step
        return values


@dataclass(frozen=True)
class Frame:
    """The plotting area of a chart `width` x `height` with margins, for `count` points along x."""

    width: int
    height: int
    count: int
    scale: Scale
    left: int = 56
    right: int = 16
    top: int = 12
    bottom: int = 36

    @property
    def plot_left(self) -> int:
        return self.left

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom

    def x(self, index: int) -> float:
        plot_width = self.width - self.left - self.right
        return round(self.left + plot_width * index / max(self.count - 1, 1), 1)

    def y(self, value: float) -> float:
        plot_height = self.height - self.top - self.bottom
        span = (self.scale.high - self.scale.low) or 1
        return round(self.top + plot_height * (1 - (value - self.scale.low) / span), 1)

    def gridlines(self) -> list[tuple[float, str]]:
        """(y, label) of each gridline."""
        return [(self.y(value), format_number(value)) for value in self.scale.ticks()]

    def x_labels(self, labels: Sequence[str], most: int = 8) -> list[tuple[float, str, str]]:
        """(x, label, text-anchor) for at most about `most` evenly spaced labels and always the last one, so
        that they never overlap; the first label starts at its point and the last ends at its point, so
        neither is cut off at the edge of the chart."""
        if not labels:
            return []
        every = max(1, -(-len(labels) // most))
        last = len(labels) - 1
        chosen = [index for index in range(0, len(labels), every) if last - index >= every or index == last]
        if chosen[-1] != last:
            chosen.append(last)
        placed = []
        for index in chosen:
            anchor = "start" if index == 0 and last > 0 else "end" if index == last and last > 0 else "middle"
            placed.append((self.x(index), labels[index], anchor))
        return placed


def nice_scale(values: Iterable[float | None], gridlines: int = 4) -> Scale:
    """An axis from zero (or a round number below the lowest negative value) to a round number above the top."""
    known = [value for value in values if value is not None]
    top = max(known, default=0)
    low = min(min(known, default=0), 0)
    step = nice_step((top - low) or 1, gridlines)
    ceiling = step * (int(top / step) + 1) if top > 0 else step
    floor = -step * (int(-low / step) + 1) if low < 0 else 0
    return Scale(floor, ceiling, step)


def nice_step(span: float, gridlines: int = 4) -> float:
    """The smallest of 1, 2, 2.5 and 5 times a power of ten that covers `span` in `gridlines` steps."""
    raw = span / gridlines
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def polylines(points: Iterable[tuple[float, float | None]]) -> list[str]:
    """Runs of consecutive points with a value, as "x,y x,y ..." for `<polyline>`; a lone point is no line."""
    lines, run = [], []
    for x, y in points:
        if y is None:
            if len(run) > 1:
                lines.append(" ".join(run))
            run = []
        else:
            run.append(f"{x},{y}")
    if len(run) > 1:
        lines.append(" ".join(run))
    return lines


def format_number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
