"""The README's data dictionary is the one the schemas generate, and its commands exist."""
import pathlib

from schemas import TABLES, data_dictionary

README = (pathlib.Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_data_dictionary_is_generated_from_the_schemas():
    generated = data_dictionary(TABLES).replace("# Data dictionary", "## Data dictionary", 1)
    assert generated.strip() in README


def test_readme_names_the_make_targets():
    makefile = (pathlib.Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "ui", "test"):
        assert f"make {target}" in README and f"\n{target}:" in makefile
