"""Text -> figures: the pure-Python extraction engine (no Dagster, no pandas), run as its mypyc-compiled twin
when `make native` has built it for these very sources (pipeline.extract.native)."""
from pipeline.extract import native

COMPILED = native.use_if_fresh(__path__)

from pipeline.extract.engine import extract_figures  # noqa: E402  (after the path is set)
from pipeline.extract.figure import FIELDS, KINDS, SECTIONS, Figure  # noqa: E402

__all__ = ["COMPILED", "extract_figures", "Figure", "FIELDS", "KINDS", "SECTIONS"]
