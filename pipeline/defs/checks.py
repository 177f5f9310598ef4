"""Asset checks. Blocking (ERROR) checks re-validate each published table against its Pandera model,
keys included, with the failure cases in their metadata; warning checks count what deserves a look:
figures mapped to no metric, inconsistent claims, conflicts between articles, rejected articles."""

import dagster as dg

from pipeline.catalog import unmapped_figure_ids
from pipeline.defs.resources import WarehouseRoots
from pipeline.publish import TableRejected, read, validate
from schemas import TABLES


def _structure_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=table, name=f"{table}_matches_schema", blocking=True,
                    description=f"The published {table} table passes its Pandera model: types, checks and "
                                "unique primary key.")
    def check(roots: WarehouseRoots) -> dg.AssetCheckResult:
        frame = read(table, roots.warehouse)
        if frame is None:
            return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.ERROR,
                                       metadata={"reason": "table not published"})
        try:
            validate(frame, table)
        except TableRejected as rejected:
            cases = rejected.failure_cases.head(50).astype(str).to_markdown(index=False)
            return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.ERROR,
                                       metadata={"failures": len(rejected.failure_cases),
                                                 "failure_cases": dg.MetadataValue.md(cases)})
        return dg.AssetCheckResult(passed=True, metadata={"rows": len(frame)})

    return check


def _warning(asset: str, name: str, description: str, count_rows):
    @dg.asset_check(asset=asset, name=name, description=description)
    def check(roots: WarehouseRoots) -> dg.AssetCheckResult:
        count, sample = count_rows(roots.warehouse)
        return dg.AssetCheckResult(passed=count == 0, severity=dg.AssetCheckSeverity.WARN,
                                   metadata={"count": count, "sample": dg.MetadataValue.md(sample or "(none)")})

    return check


def _unmapped(warehouse):
    figures, articles = read("figures", warehouse), read("articles", warehouse)
    ids = unmapped_figure_ids(figures, articles) if figures is not None else []
    sample = figures[figures.figure_id.isin(ids)][["figure_id", "surface", "kind", "measure"]].head(20)
    return len(ids), sample.to_markdown(index=False) if len(sample) else ""


def _rows_where(table: str, column: str | None = None, value: str | None = None):
    def count(warehouse):
        frame = read(table, warehouse)
        if frame is None:
            return 0, ""
        if column:
            frame = frame[frame[column] == value]
        return len(frame), frame.head(20).astype(str).to_markdown(index=False) if len(frame) else ""

    return count


CHECKS = [_structure_check(table) for table in TABLES] + [
    _warning("figures", "figures_map_to_metrics", "Figures that map to no catalogue metric (they stay in "
             "figures; extend pipeline/catalog/metrics.toml to map them).", _unmapped),
    _warning("claim_checks", "claims_are_consistent", "Claims whose recomputation disagrees with the article.",
             _rows_where("claim_checks", "verdict", "inconsistent")),
    _warning("conflicts", "articles_agree", "Metric values reported differently by different articles.",
             _rows_where("conflicts")),
    _warning("rejected_articles", "no_rejected_articles", "Archived files that could not be processed.",
             _rows_where("rejected_articles")),
]
