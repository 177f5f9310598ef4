"""Observations -> derived metrics, claim checks and cross-article conflicts, over plain DataFrames."""
from pipeline.derive.claims import CHECKS, CLAIM_COLUMNS, check_claims
from pipeline.derive.conflicts import CONFLICT_COLUMNS, find_conflicts
from pipeline.derive.derivations import DERIVATIONS, DERIVED_COLUMNS, derive_metrics

__all__ = ["CHECKS", "CLAIM_COLUMNS", "CONFLICT_COLUMNS", "DERIVATIONS", "DERIVED_COLUMNS", "check_claims",
           "derive_metrics", "find_conflicts"]
