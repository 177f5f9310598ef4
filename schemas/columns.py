"""How a column is declared: one pandera Field carrying title, description, unit, storage hints and the
key it references, so the validation schema, the Parquet write schema, the data dictionary and the data
package all come from one place."""
from __future__ import annotations

import pandera.pandas as pa


def column(title: str, description: str, unit: str | None = None, *, nullable: bool = False,
           dictionary: bool = False, arrow: str | None = None, references: str | None = None,
           **checks) -> pa.Field:
    """A documented column. dictionary: store dictionary-encoded (low-cardinality text);
    arrow: the Parquet type when pandas cannot say it (list<string>, list<double>);
    references: "<table>.<column>" its values (or, for a list, its items) are keys of."""
    metadata = {"unit": unit, "dictionary": dictionary, "arrow": arrow, "references": references}
    return pa.Field(title=title, description=description, nullable=nullable, metadata=metadata, **checks)
