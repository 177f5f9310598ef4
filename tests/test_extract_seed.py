"""The seed article against its hand-labelled gold figures (issue: figure extraction engine, point 1)."""
import datetime as dt

from conftest import SEED_GOLD, score

from pipeline.extract import extract_figures


def test_seed_scores_against_gold(tmp_path):
    result = score(SEED_GOLD, tmp_path)
    assert result["recall"] == 1.0, result["misses"]
    assert result["precision"] >= 0.97, result["extras"]
    assert result["n_gold_values"] == 26
    assert result["kind_agreement"] >= 0.95
    assert result["period_agreement"] >= 0.95
    assert result["region_agreement"] >= 0.95
    assert result["date_recall"] == 1.0


def test_seed_figures_carry_provenance_and_context():
    text = (SEED_GOLD / "2023-09-12-koreabizwire-stalking-protection.txt").read_text(encoding="utf-8")
    figures = extract_figures(text, dt.date(2023, 9, 12), article_id="seed")
    by_surface = {}
    for figure in figures:
        assert text[figure.char_start:figure.char_end] == figure.surface
        by_surface.setdefault(figure.surface, []).append(figure)
    assert [f.section for f in by_surface["7,000"]] == ["caption", "caption", "body"]
    assert all(f.qualifier == "more than" for f in by_surface["7,000"])
    daily = by_surface["19.4"][0]
    assert (daily.kind, daily.per, daily.qualifier) == ("rate", "day", "around")
    busan = by_surface["132"][0]
    assert (busan.kind, busan.per, busan.region, busan.region_code) == ("rate", "officer", "Busan", "KR-26")
    jeonnam = by_surface["51.5"][0]
    assert (jeonnam.region, jeonnam.region_code) == ("South Jeolla", "KR-46")
    such = by_surface["1,616"][0]
    assert "threats to their lives" in such.measure
    first_half = by_surface["15,663"][0]
    assert (first_half.period_start, first_half.period_end) == (dt.date(2023, 1, 1), dt.date(2023, 6, 30))
    assert by_surface["September 2017"][0].value is None
    assert by_surface["September 2017"][0].region == "North Gyeongsang"
    assert [f.figure_id for f in figures] == [f"seed:{n}" for n in range(len(figures))]
