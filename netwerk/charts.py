"""Server-rendered SVG charts: geometry computed here, drawn by templates/partials/charts/.

No chart JavaScript and no inline styles (the CSP forbids both): a chart is a handful of
rectangles whose sizes are SVG presentation attributes and whose colours are CSS classes
(`chart-fill-<n>` in netwerk.css). Every number that lands in an SVG attribute is a
string formatted here with a dot as decimal separator, because Django would localise a
float in a template ("37,5" in Dutch) and break the SVG.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


def svg_number(value: float) -> str:
    """A number for an SVG attribute: dot decimal, at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


@dataclass(frozen=True)
class Part:
    """One piece of a whole: a legend entry with its count, link and colour."""

    key: str
    label: str
    count: int
    url: str = ""
    fill: int = 1

    def share_of(self, total: int) -> float:
        return self.count / total if total else 0.0


@dataclass(frozen=True)
class StackedSegment:
    part: Part
    x: str
    width: str
    percent: int


@dataclass(frozen=True)
class StackedBar:
    """A 100%-wide bar split into parts (labelled against unlabelled, reciprocity)."""

    parts: list[Part]
    total: int
    segments: list[StackedSegment] = field(default_factory=list)


def stacked_bar(parts: Sequence[Part]) -> StackedBar:
    total = sum(part.count for part in parts)
    segments, x = [], 0.0
    for part in parts:
        width = 100.0 * part.share_of(total)
        if width > 0:
            segments.append(StackedSegment(part, svg_number(x), svg_number(width), round(width)))
        x += width
    return StackedBar(parts=list(parts), total=total, segments=segments)


@dataclass(frozen=True)
class BarRow:
    """One row of a bar list: the text is HTML (readable on a phone), the bar a small SVG."""

    label: str
    count: int
    url: str
    width: str
    fill: int = 1
    extra: Any = None


def bar_rows(items: Sequence[tuple[str, int, str, Any]], *, fill: int = 1) -> list[BarRow]:
    """(label, count, url, extra) rows whose bar widths (0-100) share one scale: the largest
    count fills the width. `extra` is whatever the template needs next to the bar."""
    top = max((count for _, count, _, _ in items), default=0)
    return [
        BarRow(label=label, count=count, url=url, width=svg_number(100.0 * count / top if top else 0), fill=fill, extra=extra)
        for label, count, url, extra in items
    ]


@dataclass(frozen=True)
class Column:
    label: Any
    value: int
    x: str
    y: str
    height: str
    width: str
    text_x: str
    value_y: str
    url: str = ""
    segments: list = field(default_factory=list)


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]
    width: int
    height: int
    baseline: str
    label_y: str
    maximum: int
    # A second label line (the month under week numbers' days), when the chart has one.
    second_label_y: str = ""


COLUMN_WIDTH, COLUMN_GAP, PLOT_TOP, PLOT_BOTTOM, CHART_HEIGHT = 22, 8, 16, 136, 160
SECOND_LINE = 14


def column_chart(values: Sequence[tuple[Any, int, str]]) -> ColumnChart:
    """Vertical columns, one per (label, value, url); labels are formatted by the template
    (month names in the member's language)."""
    maximum = max((value for _, value, _ in values), default=0)
    plot_height = PLOT_BOTTOM - PLOT_TOP
    columns = []
    for index, (label, value, url) in enumerate(values):
        height = plot_height * value / maximum if maximum else 0
        x = COLUMN_GAP / 2 + index * (COLUMN_WIDTH + COLUMN_GAP)
        columns.append(
            Column(
                label=label,
                value=value,
                x=svg_number(x),
                y=svg_number(PLOT_BOTTOM - height),
                height=svg_number(height),
                width=svg_number(COLUMN_WIDTH),
                text_x=svg_number(x + COLUMN_WIDTH / 2),
                value_y=svg_number(PLOT_BOTTOM - height - 4),
                url=url,
            )
        )
    return ColumnChart(
        columns=columns,
        width=max(1, len(values)) * (COLUMN_WIDTH + COLUMN_GAP),
        height=CHART_HEIGHT,
        baseline=svg_number(PLOT_BOTTOM),
        label_y=svg_number(PLOT_BOTTOM + 16),
        maximum=maximum,
    )


@dataclass(frozen=True)
class ColumnSegment:
    part: Part
    y: str
    height: str


def stacked_column_chart(columns: Sequence[tuple[Any, Sequence[Part]]]) -> ColumnChart:
    """Columns made of stacked parts (decisions per week by reason). Its labels take two
    lines (day, then month when it changes): "24 nov" on one line is wider than a column,
    and the labels scale with the chart, so they overlapped at every width."""
    totals = [sum(part.count for part in parts) for _, parts in columns]
    maximum = max(totals, default=0)
    plot_height = PLOT_BOTTOM - PLOT_TOP
    result = []
    for index, ((label, parts), total) in enumerate(zip(columns, totals, strict=True)):
        x = COLUMN_GAP / 2 + index * (COLUMN_WIDTH + COLUMN_GAP)
        segments, top = [], float(PLOT_BOTTOM)
        for part in parts:
            height = plot_height * part.count / maximum if maximum else 0
            if height > 0:
                top -= height
                segments.append(ColumnSegment(part=part, y=svg_number(top), height=svg_number(height)))
        result.append(
            Column(
                label=label,
                value=total,
                x=svg_number(x),
                y=svg_number(top),
                height=svg_number(PLOT_BOTTOM - top),
                width=svg_number(COLUMN_WIDTH),
                text_x=svg_number(x + COLUMN_WIDTH / 2),
                value_y=svg_number(top - 4),
                segments=segments,
            )
        )
    return ColumnChart(
        columns=result,
        width=max(1, len(columns)) * (COLUMN_WIDTH + COLUMN_GAP),
        height=CHART_HEIGHT + SECOND_LINE,
        baseline=svg_number(PLOT_BOTTOM),
        label_y=svg_number(PLOT_BOTTOM + 16),
        maximum=maximum,
        second_label_y=svg_number(PLOT_BOTTOM + 16 + SECOND_LINE),
    )
