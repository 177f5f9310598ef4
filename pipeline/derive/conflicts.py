"""Cross-article conflicts: the same metric, region and period reported with values that cannot both
hold. Two articles agree when either one's statement, read with its qualifier and shown digits
(tolerance.py), admits the other's value: "more than 7,000" and 7,091 agree, 135 and 132 do not.
relative_spread is (max - min) / max(|value|). Date metrics carry their value in the period and are
not compared."""
from __future__ import annotations

import itertools

import pandas as pd

from pipeline.derive.consolidate import SERIES_KEY, with_published
from pipeline.derive.tolerance import agrees, stated_unit

CONFLICT_COLUMNS = ["metric_id", "region", "region_code", "period_start", "period_end", "values", "article_ids",
                    "figure_ids", "relative_spread"]


def _statement(observation, written: dict[str, tuple[str, float]]) -> tuple[float, str | None, float]:
    """(value, qualifier, unit of the last shown digit) of the figure that gave the observation its value."""
    surface = next((written[f][0] for f in observation.figure_ids
                    if f in written and written[f][1] == observation.value), None)
    return observation.value, observation.qualifier, stated_unit(surface, observation.value)


def _disagree(a, b, written: dict[str, tuple[str, float]]) -> bool:
    (va, qa, ua), (vb, qb, ub) = _statement(a, written), _statement(b, written)
    return not (agrees(va, vb, qa, ua) or agrees(vb, va, qb, ub))


def find_conflicts(observations: pd.DataFrame, figures: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per metric x region x period whose articles disagree; values in publication order."""
    valued = observations[observations["value"].notna()]
    frame = with_published(valued, articles).sort_values(["published_date", "article_id"], kind="stable")
    written = dict(zip(figures["figure_id"], zip(figures["surface"], figures["value"])))
    rows = []
    for _, group in frame.groupby(SERIES_KEY, dropna=False, sort=False):
        found = list(group.itertuples())
        if len(found) < 2 or not any(_disagree(a, b, written)
                                     for a, b in itertools.combinations(found, 2)):
            continue
        values = [float(r.value) for r in found]
        rows.append({
            "metric_id": found[0].metric_id, "region": found[0].region, "region_code": found[0].region_code,
            "period_start": found[0].period_start, "period_end": found[0].period_end, "values": values,
            "article_ids": [r.article_id for r in found],
            "figure_ids": [f for r in found for f in r.figure_ids],
            "relative_spread": (max(values) - min(values)) / max(abs(v) for v in values),
        })
    return pd.DataFrame(rows, columns=CONFLICT_COLUMNS)
