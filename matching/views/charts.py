"""Bar charts drawn as SVG on the server: the geometry is computed here, the template only writes the shapes."""

from dataclasses import dataclass

LABEL_WIDTH = 170
BAR_AREA = 210
ROW_HEIGHT = 28
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Segment:
    x: int
    width: int
    value: int
    css: str


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    text_y: int
    segments: tuple[Segment, ...]
    total: int
    total_x: int


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int


def bar_chart(rows: list[tuple[str, list[tuple[int, str]]]]) -> Chart:
    """Horizontal bars, one per (label, [(value, css class), …]); several values are stacked."""
    largest = max((sum(value for value, _ in parts) for _, parts in rows), default=0) or 1
    bars = []
    for index, (label, parts) in enumerate(rows):
        y = index * ROW_HEIGHT + 4
        x = LABEL_WIDTH
        segments = []
        for value, css in parts:
            width = round(BAR_AREA * value / largest)
            segments.append(Segment(x=x, width=width, value=value, css=css))
            x += width
        total = sum(value for value, _ in parts)
        bars.append(Bar(label=label, y=y, text_y=y + 13, segments=tuple(segments), total=total, total_x=x + 6))
    return Chart(
        bars=tuple(bars),
        width=LABEL_WIDTH + BAR_AREA + 40,
        height=max(len(rows), 1) * ROW_HEIGHT + 4,
        label_width=LABEL_WIDTH - 8,
    )
