"""pipeline.jsontext: the large JSON files are json.dumps(indent=1, sort_keys=True) but for one list, whose
items take a line each, and they parse back to the same document."""
import json

from pipeline.jsontext import indented_json

DOCUMENT = {"title": "Café", "charts": [{"file": "b.png", "notes": ["two\nlines"]}, {"file": "a.png"}],
            "inputs": {"code": "abc", "nested": [1, {"deep": None}]}, "empty": []}


def test_each_item_of_the_named_list_is_one_line_and_the_document_parses_back():
    text = indented_json(DOCUMENT, "charts")
    assert json.loads(text) == DOCUMENT
    lines = text.splitlines()
    start = lines.index(' "charts": [')
    assert [json.loads(line.strip().rstrip(",")) for line in lines[start + 1:start + 3]] == DOCUMENT["charts"]
    assert lines[start + 3] == " ],"
    assert "Caf\\u00e9" in text and "Café" in indented_json(DOCUMENT, "charts", ensure_ascii=False)


def test_without_items_in_the_named_list_it_is_what_json_writes():
    for document in ({**DOCUMENT, "charts": []}, {key: value for key, value in DOCUMENT.items() if key != "charts"}):
        for ascii_only in (True, False):
            assert indented_json(document, "charts", ensure_ascii=ascii_only) == json.dumps(
                document, indent=1, sort_keys=True, ensure_ascii=ascii_only) + "\n"


def test_items_given_encoded_are_written_as_they_are():
    encoded = [json.dumps(chart, sort_keys=True) for chart in DOCUMENT["charts"]]
    without = {key: value for key, value in DOCUMENT.items() if key != "charts"}
    assert indented_json(without, "charts", encoded_items=encoded) == indented_json(DOCUMENT, "charts")
    assert indented_json(without, "charts", encoded_items=[]) == indented_json({**DOCUMENT, "charts": []}, "charts")
