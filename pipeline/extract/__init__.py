"""Text -> figures: the pure-Python extraction engine (no Dagster, no pandas)."""
from pipeline.extract.engine import extract_figures
from pipeline.extract.figure import FIELDS, KINDS, SECTIONS, Figure

__all__ = ["extract_figures", "Figure", "FIELDS", "KINDS", "SECTIONS"]
