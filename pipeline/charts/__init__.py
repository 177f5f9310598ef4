"""Charts of the observations (no Dagster here): which charts to draw (a series per metric x region,
a regional breakdown per metric x period), how to draw them as deterministic PNGs, and how to publish
them, with an index, into warehouse/charts/."""
from pipeline.charts.choose import Bar, ChartSpec, Reference, Source, choose_charts
from pipeline.charts.folder import INDEX, charts_are_current, charts_folder, index_entries, write_charts
from pipeline.charts.labels import period_label

RENDERING = ("DPI", "SIZE_INCHES", "SIZE_PIXELS", "render")


def __getattr__(name: str):
    """matplotlib is imported only when a chart is drawn (it costs a second at every start otherwise)."""
    if name in RENDERING:
        import importlib

        return getattr(importlib.import_module("pipeline.charts.drawing"), name)
    raise AttributeError(name)


__all__ = ["Bar", "ChartSpec", "Reference", "Source", "choose_charts", "INDEX", "charts_are_current", "charts_folder", "index_entries",
           "write_charts", "period_label", "DPI", "SIZE_INCHES", "SIZE_PIXELS", "render"]
