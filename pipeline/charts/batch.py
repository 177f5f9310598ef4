"""Drawing many charts: in this process, or in a spawned process pool (pipeline.pool) when there are
POOL_THRESHOLD or more. Either way each chart is drawn on its own, by the same function, so the PNGs are
the same bytes, and a chart that cannot be drawn comes back with the reason and never costs the others."""
from __future__ import annotations

from collections.abc import Iterator

from pipeline.charts.choose import ChartSpec
from pipeline.pool import ordered_map

POOL_THRESHOLD = 32  # fewer charts than this are drawn in this process: starting the workers costs seconds
CHUNK = 4


def draw(spec: ChartSpec) -> tuple[bytes | None, str | None]:
    """The chart as PNG bytes, or None and why matplotlib could not draw it."""
    from pipeline.charts import drawing  # matplotlib only when drawing

    try:
        return drawing.render(spec), None
    except Exception as error:  # one chart matplotlib cannot lay out never costs the others
        return None, f"{type(error).__name__}: {error}"[:300]


def draw_all(specs: list[ChartSpec]) -> Iterator[tuple[ChartSpec, bytes | None, str | None]]:
    """Each spec with its PNG or the reason it has none, in the order given."""
    drawn = ordered_map(draw, specs, pooled=len(specs) >= POOL_THRESHOLD, chunksize=CHUNK)
    for spec, (png, reason) in zip(specs, drawn):
        yield spec, png, reason
