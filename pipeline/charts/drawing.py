"""Draws a ChartSpec as a PNG with matplotlib's Agg canvas (no pyplot, no global backend): a fixed
size and dpi, matplotlib's defaults with its bundled DejaVu Sans, and no Software or time stamp in the
file, so the same spec always gives the same bytes. Bars start at zero; values carry their qualifier;
a period shorter than the others is hatched and named in the legend; a gap says "no figure". The
footer and the legend hold a fixed number of lines (the rest is in the charts index), and the axes
fill the band between header and footer, their margins measured from their tick labels and legend
(no layout engine: constrained layout cost a third of the time and a second draw). Each process draws
its charts on one figure and canvas, emptied between charts (pipeline.charts.canvas remembers glyphs
across them), and writes the pixels with pipeline.charts.png: the pixels of a chart are those a new
figure and savefig give it, whatever was drawn before."""
from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Iterator

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import Bbox

from pipeline.charts import png
from pipeline.charts.canvas import GlyphCachingCanvas
from pipeline.charts.choose import ChartSpec, Source
from pipeline.charts.labels import value_label
from pipeline.derive.wording import number

SIZE_INCHES = (10.0, 6.0)
DPI = 100
SIZE_PIXELS = (int(SIZE_INCHES[0] * DPI), int(SIZE_INCHES[1] * DPI))
STYLE = {"font.family": "DejaVu Sans", "font.size": 10, "axes.titlesize": 10, "hatch.linewidth": 1.0,
         "axes.spines.top": False, "axes.spines.right": False, "axes.axisbelow": True}
COLOUR, PARTIAL, REFERENCE, MUTED = "#2f6690", "#b5cde0", "#b8322a", "#5f6368"
SHOWN_SOURCES = 3
SHOWN_NOTE_LINES = 3
SHOWN_PERIOD_NOTES = 5
WRAP = 150
CROWDED = 12
HEADER, LINE, MARGIN, PAD = 0.11, 0.03, 0.01, 4.0
SMALLEST_AXES = 0.25
"""The axes keep at least this share of the band's width and height, however long the labels."""
CANVAS = GlyphCachingCanvas
"""The canvas class: Agg's, remembering glyphs from chart to chart (pipeline.charts.canvas)."""
_REUSED: list[tuple[Figure, dict[str, Axes]]] = []
"""This process's figure and its axes for each kind of chart (see _blank)."""


def _more(count: int, noun: str) -> str:
    """The line standing for what the chart leaves out; noun has "{s}" where its plural takes an s."""
    return f"... and {count} more {noun.format(s='s' if count > 1 else '')}, listed in the charts index"


def _source_lines(sources: tuple[Source, ...]) -> list[str]:
    lines = []
    for source in sources[:SHOWN_SOURCES]:
        published = f", published {source.published_date}" if source.published_date else ""
        lines.append(f"Source: {source.publisher or 'publisher unknown'}{published} (article {source.article_id})")
    if len(sources) > SHOWN_SOURCES:
        lines.append(_more(len(sources) - SHOWN_SOURCES, "article{s}"))
    return lines


def _note_lines(notes: tuple[str, ...]) -> list[str]:
    """The notes that fit in SHOWN_NOTE_LINES lines, counting the line that says how many more there are."""
    wrapped = [textwrap.wrap(note, WRAP) for note in notes]
    shown, used = 0, 0
    while shown < len(notes) and used + len(wrapped[shown]) + (shown + 1 < len(notes)) <= SHOWN_NOTE_LINES:
        used += len(wrapped[shown])
        shown += 1
    lines = [line for note in wrapped[:shown] for line in note]
    return lines + ([_more(len(notes) - shown, "note{s}")] if shown < len(notes) else [])


def _value_limits(values: list[float], headroom: float) -> tuple[float, float]:
    """Limits that always include zero, with room for the value labels beyond the longest bar."""
    low, high = min(0.0, *values) * headroom, max(0.0, *values) * headroom
    return (low, high) if low != high else (0.0, 1.0)


def _value_axis(axis, unit: str) -> None:
    axis.set_major_formatter(FuncFormatter(lambda value, _: number(value)))
    axis.set_label_text(unit[:1].upper() + unit[1:])


def _draw_series(ax, spec: ChartSpec) -> None:
    values = [bar.value for bar in spec.bars if bar.value is not None]
    crowded = len(spec.bars) > CROWDED  # value labels turn upright, and need more room above the bars
    bottom, top = _value_limits(values, 1.35 if crowded else 1.15)
    drawn = [(x, bar) for x, bar in enumerate(spec.bars) if bar.value is not None]
    ax.bar([x for x, _ in drawn], [bar.value for _, bar in drawn], width=0.7, edgecolor=COLOUR, linewidth=1.0,
           color=[COLOUR if bar.note is None else PARTIAL for _, bar in drawn],
           hatch=[None if bar.note is None else "//" for _, bar in drawn])  # one call: a call per bar costs 1 ms
    for x, bar in enumerate(spec.bars):
        if bar.value is None:
            ax.text(x, (top - bottom) * 0.02, "no figure", ha="center", va="bottom", color=MUTED, fontsize=9,
                    style="italic")
            continue
        below = bar.value < 0
        ax.annotate(value_label(bar.value, bar.qualifier), (x, bar.value), xytext=(0, -3 if below else 3),
                    textcoords="offset points", ha="center", va="top" if below else "bottom",
                    fontsize=8 if crowded else 9,
                    rotation=90 if crowded else 0)
    ax.set_xticks(range(len(spec.bars)), [bar.label for bar in spec.bars], rotation=45 if crowded else 0,
                  ha="right" if crowded else "center", rotation_mode="anchor")
    ax.set_xlim(-0.6, len(spec.bars) - 0.4)
    ax.set_ylim(bottom, top)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.grid(axis="y", color="#e3e3e3", linewidth=0.8)
    _value_axis(ax.yaxis, spec.unit)
    notes = [bar.note for bar in spec.bars if bar.note]
    if notes:
        if len(notes) > SHOWN_PERIOD_NOTES:
            notes = notes[:SHOWN_PERIOD_NOTES - 1] + [_more(len(notes) - SHOWN_PERIOD_NOTES + 1,
                                                            "period{s} of another length")]
        handles = [Patch(facecolor=COLOUR, edgecolor=COLOUR, label=f"Full {spec.period_length}")]
        handles += [Patch(facecolor=PARTIAL, edgecolor=COLOUR, hatch="//", label=note) for note in notes]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.01), frameon=False, ncols=2, fontsize=9)


def _draw_regions(ax, spec: ChartSpec) -> None:
    values = [bar.value for bar in spec.bars]
    reference = spec.reference
    left, right = _value_limits(values + ([reference.value] if reference else []), 1.18)
    ax.barh(range(len(spec.bars)), values, height=0.65, color=COLOUR)
    for y, bar in enumerate(spec.bars):
        below = bar.value < 0
        ax.annotate(value_label(bar.value, bar.qualifier), (bar.value, y), xytext=(-4 if below else 4, 0),
                    textcoords="offset points", ha="right" if below else "left", va="center", fontsize=9,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})  # readable over the reference
    ax.set_yticks(range(len(spec.bars)), [bar.label for bar in spec.bars])
    ax.set_ylim(len(spec.bars) - 0.4, -0.6)  # largest at the top
    ax.set_xlim(left, right)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.grid(axis="x", color="#e3e3e3", linewidth=0.8)
    _value_axis(ax.xaxis, spec.unit)
    if reference:
        ax.axvline(reference.value, color=REFERENCE, linestyle="--", linewidth=1.5,
                   label=f"{reference.label} (national): {value_label(reference.value, reference.qualifier)}")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.01), frameon=False, fontsize=9)


def _fit(figure: Figure, ax, bottom: float) -> None:
    """Moves the axes so that they and everything drawn around them (tick labels, axis label, legend,
    value labels) fill the band between header and footer: the margins are measured once on the
    canvas's renderer, whose text sizes the final draw reuses."""
    renderer = figure.canvas.get_renderer()
    width, height = figure.bbox.width, figure.bbox.height
    band = Bbox.from_extents(MARGIN * width + PAD, bottom * height + PAD,
                             (1 - MARGIN) * width - PAD, (1 - HEADER) * height - PAD)
    box, tight = ax.get_window_extent(renderer), ax.get_tightbbox(renderer, for_layout_only=True)
    left, right = band.x0 + box.x0 - tight.x0, band.x1 - (tight.x1 - box.x1)
    low, high = band.y0 + box.y0 - tight.y0, band.y1 - (tight.y1 - box.y1)
    left, right = min(left, band.x1 - SMALLEST_AXES * band.width), max(right, left + SMALLEST_AXES * band.width)
    low, high = min(low, band.y1 - SMALLEST_AXES * band.height), max(high, low + SMALLEST_AXES * band.height)
    ax.set_position(Bbox.from_extents(left / width, low / height, right / width, high / height))


def _blank(kind: str, position: tuple[float, float, float, float]) -> tuple[Figure, Axes]:
    """This process's figure, emptied of the chart drawn before, and its axes for this kind of chart at
    position, emptied of the bars, texts, lines and legend the last chart of the kind drew (the other
    kind's axes hidden). Made once, they and the canvas's renderer (with its cache of text sizes) serve
    every chart. The axes are emptied, not cleared: clearing them made matplotlib build every tick
    again (a quarter of a chart's time under cProfile). An axes keeps one kind, so its category axis and
    its value axis never swap roles: what a chart sets, it sets on every chart of its kind."""
    if not _REUSED:
        with _style():  # the axes keep what they were made with (their spines) through every chart
            figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
            CANVAS(figure)
            _REUSED.append((figure, {}))
    figure, axes = _REUSED[0]
    for text in list(figure.texts):
        text.remove()
    if kind not in axes:
        with _style():
            axes[kind] = figure.add_axes(position)
    for other, ax in axes.items():
        ax.set_visible(other == kind)
    ax = axes[kind]
    for artist in [*ax.patches, *ax.texts, *ax.lines, *ax.collections, *([ax.legend_] if ax.legend_ else [])]:
        artist.remove()
    ax.containers.clear()
    ax.set_position(position)
    return figure, ax


def _figure(spec: ChartSpec) -> Figure:
    """The chart drawn on this process's figure (valid until the next chart is drawn)."""
    footer = _source_lines(spec.sources) + _note_lines(spec.notes)
    bottom = LINE * len(footer) + 0.015
    figure, ax = _blank(spec.kind, (0.1, bottom + 0.1, 0.85, 0.75 - bottom))
    figure.text(0.012, 0.965, spec.title, fontsize=14, weight="bold", va="top")
    figure.text(0.012, 0.915, spec.subtitle, fontsize=10.5, color=MUTED, va="top")
    for i, line in enumerate(footer):
        figure.text(0.012, bottom - 0.01 - LINE * i, line, fontsize=8, color=MUTED, va="top")
    (_draw_series if spec.kind == "series" else _draw_regions)(ax, spec)
    _fit(figure, ax, bottom)
    return figure


@contextlib.contextmanager
def _style() -> Iterator[None]:
    """matplotlib's defaults and STYLE, whatever the calling process set."""
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(STYLE)
        yield


def render(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes, identical for an identical spec."""
    with _style():
        try:
            canvas = _figure(spec).canvas
            canvas.draw()
            return png.encode(np.asarray(canvas.buffer_rgba()), DPI)
        except Exception:
            _REUSED.clear()  # the next chart starts on a new figure, whatever this one left half drawn
            raise
