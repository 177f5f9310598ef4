"""Asset checks. Blocking (ERROR) checks hold each published table to its Pandera model, keys included,
with the failure cases in their metadata; warning checks count what deserves a look: figures mapped to no
metric, inconsistent claims, conflicts between articles, rejected articles. Every part's bytes are hashed
and compared with its version; the verdicts are remembered by content and by the code that reached them
(pipeline.publish.verdicts), so a part validated before under the current models (by an earlier check, or
by the publisher just before writing it) is hashed, not validated again, and a change to the models
judges every part again. The checks that can run after the same asset step run together in one Dagster
step (`<step>_checks`), each with its own result; a failed blocking check still stops what is downstream
of its table."""

import dataclasses
import pathlib
from collections.abc import Callable

import dagster as dg
import pandas as pd

from pipeline.catalog import figure_links, unmapped_verdict
from pipeline.defs.assets import ASSETS
from pipeline.defs.resources import WarehouseRoots
from pipeline.publish import mapping_version, read
from pipeline.publish.audit import CORRUPT, audit_parts, schema_verdict
from pipeline.publish.verdicts import SCHEMA, schema_key
from schemas import TABLES


@dataclasses.dataclass(frozen=True)
class Check:
    """One asset check: what Dagster shows of it, and how its result is reached from the warehouse."""

    spec: dg.AssetCheckSpec
    evaluate: Callable[[pathlib.Path], dg.AssetCheckResult]


def _result(spec: dg.AssetCheckSpec, passed: bool, severity: dg.AssetCheckSeverity, metadata: dict):
    return dg.AssetCheckResult(asset_key=spec.asset_key, check_name=spec.name, passed=passed, severity=severity,
                               metadata=metadata)


def _structure_check(table: str) -> Check:
    spec = dg.AssetCheckSpec(f"{table}_matches_schema", asset=table, blocking=True,
                             description=f"The published {table} table passes its Pandera model: types, checks "
                                         "and unique primary key (keys hold an article id where a table has "
                                         "buckets, so each part is checked on its own), and its parts are the "
                                         "bytes its version lists.")

    def evaluate(warehouse: pathlib.Path) -> dg.AssetCheckResult:
        verdicts = audit_parts(warehouse, table, SCHEMA, lambda frame: schema_verdict(frame, table), key=schema_key())
        if not verdicts:
            return _result(spec, False, dg.AssetCheckSeverity.ERROR, {"reason": "table not published"})
        corrupt = [verdict[CORRUPT] for verdict in verdicts.values() if CORRUPT in verdict]
        cases = [case for verdict in verdicts.values() for case in verdict.get("cases", [])][:50]
        failures = sum(verdict.get("failures", 0) for verdict in verdicts.values())
        metadata = {"rows": sum(verdict.get("rows", 0) for verdict in verdicts.values()), "parts": len(verdicts)}
        if corrupt or failures:
            metadata |= {"failures": failures + len(corrupt),
                         "failure_cases": dg.MetadataValue.md(pd.DataFrame(cases).to_markdown(index=False)
                                                              if cases else "\n".join(corrupt))}
        return _result(spec, not (corrupt or failures), dg.AssetCheckSeverity.ERROR, metadata)

    return Check(spec, evaluate)


def _warning(asset: str, name: str, description: str, count_rows, after: tuple[str, ...] = ()) -> Check:
    spec = dg.AssetCheckSpec(name, asset=asset, description=description, additional_deps=list(after))

    def evaluate(warehouse: pathlib.Path) -> dg.AssetCheckResult:
        count, sample = count_rows(warehouse)
        return _result(spec, count == 0, dg.AssetCheckSeverity.WARN,
                       {"count": count, "sample": dg.MetadataValue.md(sample or "(none)")})

    return Check(spec, evaluate)


def _unmapped(warehouse):
    """Figures of every part that map to no metric (remembered per part and catalogue version; the
    observations stage remembers the parts it mapped, so they are not linked twice)."""
    verdicts = audit_parts(warehouse, "figures", "unmapped", lambda frame: unmapped_verdict(frame, figure_links(frame)),
                           key=mapping_version())
    sample = [row for verdict in verdicts.values() for row in verdict.get("sample", [])][:20]
    count = sum(verdict.get("count", 0) for verdict in verdicts.values())
    return count, pd.DataFrame(sample).to_markdown(index=False) if sample else ""


def _rows_where(table: str, column: str | None = None, value: str | None = None):
    def count(warehouse):
        frame = read(table, warehouse)
        if frame is None:
            return 0, ""
        if column:
            frame = frame[frame[column] == value]
        return len(frame), frame.head(20).astype(str).to_markdown(index=False) if len(frame) else ""

    return count


ALL_CHECKS = [_structure_check(table) for table in TABLES] + [
    _warning("figures", "figures_map_to_metrics", "Figures that map to no catalogue metric (they stay in "
             "figures; extend pipeline/catalog/metrics.toml to map them).", _unmapped, after=("observations",)),
    _warning("claim_checks", "claims_are_consistent", "Claims whose recomputation disagrees with the article.",
             _rows_where("claim_checks", "verdict", "inconsistent")),
    _warning("conflicts", "articles_agree", "Metric values reported differently by different articles.",
             _rows_where("conflicts")),
    _warning("rejected_articles", "no_rejected_articles", "Archived files that could not be processed.",
             _rows_where("rejected_articles")),
]


def _step_checks(step: dg.AssetsDefinition, checks: list[Check]) -> dg.AssetChecksDefinition:
    """The checks that can run once `step` has: one Dagster step for all of them (a step costs about 50 ms
    of Dagster's events whatever it does), each check still its own result, and blocking on its own."""
    @dg.multi_asset_check(specs=[check.spec for check in checks], name=f"{step.node_def.name}_checks",
                          can_subset=True, description=f"The checks of the tables {step.node_def.name} publishes.")
    def run(context: dg.AssetCheckExecutionContext, roots: WarehouseRoots):
        for check in checks:
            if check.spec.key in context.selected_asset_check_keys:
                yield check.evaluate(roots.warehouse)

    return run


def _by_step(checks: list[Check]) -> list[dg.AssetChecksDefinition]:
    """Each check placed after the last asset step it reads (its asset and additional deps), in ASSETS order."""
    order = {key: index for index, step in enumerate(ASSETS) for key in step.keys}
    placed: dict[int, list[Check]] = {}
    for check in checks:
        keys = [check.spec.asset_key] + [dep.asset_key for dep in check.spec.additional_deps]
        placed.setdefault(max(order[key] for key in keys), []).append(check)
    return [_step_checks(ASSETS[index], found) for index, found in sorted(placed.items())]


CHECKS = _by_step(ALL_CHECKS)
