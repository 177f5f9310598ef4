"""JSON text of the large files people may open (the data package, the chart index): sorted keys and one
space of indent a level, as `json.dumps(indent=1, sort_keys=True)` writes it, except that each item of the
one long list named takes one line. json indents in pure Python: at 100,000 articles, indenting the data
package's 100,000 sources took about 0.5 s and the chart index's 1,634 charts 0.15 s. json's C encoder
writes the one-line items."""
from __future__ import annotations

import json


def indented_json(document: dict, one_line_items: str, ensure_ascii: bool = True,
                  encoded_items: list[str] | None = None) -> str:
    """`document` as JSON text, the items of the list under its key `one_line_items` one to a line.
    `encoded_items`: that list's items given already as one-line JSON texts (the key need not be in
    `document`), written as they are."""
    one_line = json.JSONEncoder(sort_keys=True, ensure_ascii=ensure_ascii)
    if encoded_items is not None:
        document = document | {one_line_items: encoded_items}
    else:
        encoded_items = [one_line.encode(entry) for entry in document.get(one_line_items) or []]

    def value(key: str, item) -> str:
        if key == one_line_items and item:
            return "[\n" + ",\n".join(f"  {line}" for line in encoded_items) + "\n ]"
        return json.dumps(item, indent=1, sort_keys=True, ensure_ascii=ensure_ascii).replace("\n", "\n ")  # a level in

    keys = sorted(document)
    return "{\n" + ",\n".join(f" {json.dumps(key)}: {value(key, document[key])}" for key in keys) + "\n}\n"
