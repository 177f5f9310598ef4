"""The metric catalogue (metrics.toml) read into typed records: metrics, their recognition rules and
the derivations they declare, with the cross-references checked once at load time."""
from __future__ import annotations

import dataclasses
import functools
import pathlib
import tomllib

from pipeline.catalog.words import occurs

CATALOGUE_PATH = pathlib.Path(__file__).with_name("metrics.toml")


@dataclasses.dataclass(frozen=True, slots=True)
class Rule:
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    per_any_of: tuple[str, ...] = ()

    def score(self, phrase: tuple[str, ...], per: tuple[str, ...] | None = None) -> int:
        """How many terms the phrase satisfies, 0 when the rule does not match. per=None skips the
        denominator test (used when a rate is read as an average of a total)."""
        if any(occurs(term, phrase) for term in self.none_of):
            return 0
        if not all(occurs(term, phrase) for term in self.all_of):
            return 0
        hits = sum(occurs(term, phrase) for term in self.any_of)
        if self.any_of and not hits:
            return 0
        if per is not None:
            if self.per_any_of and not any(occurs(term, per) for term in self.per_any_of):
                return 0
            if not self.per_any_of and per:
                return 0
        return len(self.all_of) + hits + bool(self.per_any_of)


@dataclasses.dataclass(frozen=True, slots=True)
class Metric:
    id: str
    title: str
    unit: str
    description: str
    kinds: tuple[str, ...]
    rules: tuple[Rule, ...]
    derivations: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    """(name, params) pairs: parameterless ones from `derivations`, then share_of and implied_total."""

    def score(self, phrase: tuple[str, ...], per: tuple[str, ...] | None = None) -> int:
        return max((rule.score(phrase, per) for rule in self.rules), default=0)

    def derivation_params(self, name: str) -> list[dict[str, str]]:
        return [dict(params) for derivation, params in self.derivations if derivation == name]


@dataclasses.dataclass(frozen=True, slots=True)
class Catalogue:
    metrics: tuple[Metric, ...]

    def metric(self, metric_id: str) -> Metric:
        return next(metric for metric in self.metrics if metric.id == metric_id)


def _rule(table: dict) -> Rule:
    unknown = set(table) - {field.name for field in dataclasses.fields(Rule)}
    if unknown:
        raise ValueError(f"unknown recognition rule keys {sorted(unknown)}")
    return Rule(**{key: tuple(value) for key, value in table.items()})


def _metric(table: dict) -> Metric:
    derivations = [(name, ()) for name in table.get("derivations", [])]
    derivations += [("share_of", tuple(sorted(share.items()))) for share in table.get("share_of", [])]
    if "implied_total" in table:
        derivations.append(("implied_total", tuple(sorted(table["implied_total"].items()))))
    return Metric(
        id=table["id"], title=table["title"], unit=table["unit"], description=table["description"],
        kinds=tuple(table["kinds"]), rules=tuple(_rule(rule) for rule in table["match"]),
        derivations=tuple(derivations),
    )


def _check_references(catalogue: Catalogue) -> None:
    ids = [metric.id for metric in catalogue.metrics]
    if len(set(ids)) != len(ids):
        raise ValueError("metric ids must be unique")
    for metric in catalogue.metrics:
        for _, params in metric.derivations:
            for key, value in params:
                if key in ("metric", "times", "total") and value not in ids:
                    raise ValueError(f"{metric.id}: {key} refers to unknown metric {value!r}")


@functools.cache
def load_catalogue(path: pathlib.Path = CATALOGUE_PATH) -> Catalogue:
    """The catalogue file read and checked (cached per path)."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    catalogue = Catalogue(tuple(_metric(table) for table in data["metric"]))
    _check_references(catalogue)
    return catalogue
