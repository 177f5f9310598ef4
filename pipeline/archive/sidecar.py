"""The provenance sidecar (<article_id>.json): its keys, their types, and a clear error per problem."""
from __future__ import annotations

import datetime as dt
import json

SIDECAR_KEYS = ("source_url", "publisher", "published_date", "retrieved_at", "title", "license")


class SidecarError(ValueError):
    """A sidecar that cannot be used, with the reason in plain words."""


def parse_sidecar(data: bytes, today: dt.date) -> dict:
    """The sidecar's values (unknown keys null); published_date as a date. Raises SidecarError."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SidecarError(f"sidecar is not valid JSON: {error}") from None
    if not isinstance(raw, dict):
        raise SidecarError("sidecar must be a JSON object")
    unknown = sorted(set(raw) - set(SIDECAR_KEYS))
    if unknown:
        raise SidecarError(f"sidecar has unknown keys: {', '.join(unknown)}")
    values = {key: raw.get(key) for key in SIDECAR_KEYS}
    for key, value in values.items():
        if value is not None and not isinstance(value, str):
            raise SidecarError(f"sidecar {key} must be a string or null, not {type(value).__name__}")
    if values["published_date"] is not None:
        try:
            published = dt.date.fromisoformat(values["published_date"])
        except ValueError:
            raise SidecarError(f"sidecar published_date {values['published_date']!r} is not a YYYY-MM-DD date") \
                from None
        if published > today:
            raise SidecarError(f"sidecar published_date {published} is in the future")
        if published.year < 1900:
            raise SidecarError(f"sidecar published_date {published} is before 1900")
        values["published_date"] = published
    if values["retrieved_at"] is not None:
        try:
            dt.datetime.fromisoformat(values["retrieved_at"])
        except ValueError:
            raise SidecarError(f"sidecar retrieved_at {values['retrieved_at']!r} is not an ISO 8601 time") \
                from None
    return values
