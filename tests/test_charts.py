"""Charts: which charts the observations support (a series per metric x region, a regional breakdown
per metric x period), honest labels (periods, partial periods, gaps, qualifiers, disagreements), and
the charts asset on the seed archive: valid PNGs of the set size, byte-identical on a rerun, no orphans
when a metric goes, an index, and the images in the materialisation metadata."""
import base64
import dataclasses
import datetime as dt
import errno
import hashlib
import io
import json
import re
import shutil

import dagster as dg
import pandas as pd
import pytest
from PIL import Image

from pipeline.charts import INDEX, SIZE_PIXELS, charts_folder, choose_charts, period_label, render
from pipeline.charts.labels import slug, value_label
from pipeline.defs.chart_assets import charts
from pipeline.defs.resources import WarehouseRoots
from pipeline.pool import spawn_pool
from pipeline.publish import publish, read
from pipeline.publish.dataset import VERSION_FILE
from tests.fixtures.rows import articles
from tests.test_pipeline import REPO, SEED, materialize

D = dt.date
SEED_CHARTS = {"cases_per_officer.regions.2022.png", "protectee_threat_reports.series.south-korea.png",
               "protection_measures.series.south-korea.png", "stalking_reports.series.south-korea.png"}


def materialize_charts(warehouse) -> dg.ExecuteInProcessResult:
    roots = WarehouseRoots(raw_root=str(REPO / "raw"), warehouse_root=str(warehouse))
    return dg.materialize([charts], resources={"roots": roots}, raise_on_error=True)


def chart_metadata(result: dg.ExecuteInProcessResult) -> dict:
    return result.get_asset_materialization_events()[0].materialization.metadata


def digests(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def index(folder) -> dict[str, dict]:
    return {entry["file"]: entry for entry in json.loads((folder / INDEX).read_text(encoding="utf-8"))["charts"]}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The seed archive materialised, then the charts asset run on the warehouse."""
    warehouse = tmp_path_factory.mktemp("warehouse")
    materialize(REPO / "raw", warehouse)
    return warehouse, materialize_charts(warehouse)


def test_seed_gives_the_series_and_the_regional_breakdown(seeded):
    warehouse, result = seeded
    assert result.success
    folder = charts_folder(warehouse)
    entries = index(folder)
    assert set(entries) == SEED_CHARTS
    assert {p.name for p in folder.iterdir()} == SEED_CHARTS | {INDEX, VERSION_FILE}
    series = entries["protection_measures.series.south-korea.png"]
    assert (series["kind"], series["region"], series["unit"]) == ("series", "South Korea", "measures")
    assert series["source_articles"] == [{"article_id": SEED, "publisher": "Korea Bizwire",
                                          "published_date": "2023-09-12"}]
    breakdown = entries["cases_per_officer.regions.2022.png"]
    assert (breakdown["kind"], breakdown["period"], breakdown["region"]) == ("regions", "2022", None)


def test_seed_specs_label_periods_partial_periods_and_the_national_reference(seeded):
    warehouse, _ = seeded
    specs = {s.file: s for s in choose_charts(read("observations", warehouse), read("articles", warehouse))}
    series = specs["protection_measures.series.south-korea.png"]
    assert [b.label for b in series.bars] == ["2018", "2019", "2020", "2021", "2022", "H1 2023"]
    assert [b.value for b in series.bars] == [9442, 13686, 14773, 24810, 29372, 15663]
    assert [b.note for b in series.bars[:-1]] == [None] * 5
    assert series.bars[-1].note == "H1 2023 covers 6 months, not a full year"
    assert series.title == "Police protection measures for crime victims"
    stalking = specs["stalking_reports.series.south-korea.png"]
    assert [(b.label, b.value) for b in stalking.bars] == [("2021", 1428), ("2022", None), ("H1 2023", 3754)]
    regions = specs["cases_per_officer.regions.2022.png"]
    assert [b.label for b in regions.bars] == ["Seoul", "Busan", "Daegu", "South Jeolla", "Gangwon"]
    reference = regions.reference
    assert (reference.label, reference.value, reference.qualifier) == ("South Korea", 89.5, "around")


def test_charts_are_pngs_of_the_set_size(seeded):
    warehouse, _ = seeded
    for name in SEED_CHARTS:
        with Image.open(charts_folder(warehouse) / name) as image:
            image.load()
            assert (image.format, image.size) == ("PNG", SIZE_PIXELS)
            assert "Software" not in image.info


def test_rerun_and_rerender_give_identical_bytes(seeded):
    warehouse, _ = seeded
    folder = charts_folder(warehouse)
    before = digests(folder)
    materialize_charts(warehouse)
    assert digests(folder) == before
    spec = next(s for s in choose_charts(read("observations", warehouse), read("articles", warehouse))
                if s.file == "protection_measures.series.south-korea.png")
    assert render(spec) == render(spec) == (folder / spec.file).read_bytes()


def test_metadata_embeds_every_chart(seeded):
    warehouse, result = seeded
    metadata = chart_metadata(result)
    assert metadata["chart_count"].value == len(SEED_CHARTS)
    assert set(metadata["files"].value) == SEED_CHARTS
    images = dict(re.findall(r"!\[([^\]]+)\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", metadata["charts"].value))
    assert set(images) == SEED_CHARTS
    for name, encoded in images.items():
        assert base64.b64decode(encoded) == (charts_folder(warehouse) / name).read_bytes()


def test_a_metric_that_goes_takes_its_charts_with_it(seeded, tmp_path):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(seeded[0], warehouse, symlinks=True)
    observations = read("observations", warehouse)
    publish(observations[observations.metric_id != "protection_measures"], "observations", warehouse)
    metadata = chart_metadata(materialize_charts(warehouse))
    remaining = SEED_CHARTS - {"protection_measures.series.south-korea.png"}
    assert {p.name for p in charts_folder(warehouse).iterdir()} == remaining | {INDEX, VERSION_FILE}
    assert set(index(charts_folder(warehouse))) == remaining and metadata["chart_count"].value == 3
    assert not list((warehouse / ".staging").glob("charts*"))


def test_a_chart_that_cannot_be_drawn_is_listed_and_the_others_published(seeded, tmp_path, monkeypatch):
    import pipeline.charts.drawing

    warehouse = tmp_path / "warehouse"
    shutil.copytree(seeded[0], warehouse, symlinks=True)
    shutil.rmtree(warehouse / ".versions" / "charts")
    (warehouse / "charts").unlink()
    drawn = pipeline.charts.drawing.render

    def fails_for_regions(spec):
        if ".regions." in spec.file:
            raise ValueError("layout cannot be satisfied")
        return drawn(spec)

    monkeypatch.setattr(pipeline.charts.drawing, "render", fails_for_regions)
    metadata = chart_metadata(materialize_charts(warehouse))
    assert metadata["chart_count"].value == 3
    assert metadata["not_drawn"].value == [{"file": "cases_per_officer.regions.2022.png",
                                            "reason": "ValueError: layout cannot be satisfied"}]


def test_only_charts_whose_data_changed_are_drawn_again_the_others_are_linked(seeded, tmp_path, monkeypatch):
    import pipeline.charts.drawing

    warehouse = tmp_path / "warehouse"
    shutil.copytree(seeded[0], warehouse, symlinks=True)
    previous = charts_folder(warehouse).resolve()
    observations = read("observations", warehouse)
    seoul = (observations.metric_id == "cases_per_officer") & (observations.region == "Seoul")
    observations.loc[seoul, "value"] = 136.0
    publish(observations, "observations", warehouse)
    changed, drawn, calls = "cases_per_officer.regions.2022.png", pipeline.charts.drawing.render, []

    def only_the_changed_chart(spec):
        calls.append(spec.file)
        if spec.file != changed:
            raise AssertionError(f"{spec.file} did not change and was drawn again")
        return drawn(spec)

    monkeypatch.setattr(pipeline.charts.drawing, "render", only_the_changed_chart)
    metadata = chart_metadata(materialize_charts(warehouse))
    assert calls == [changed] and metadata["chart_count"].value == 4 and metadata["not_drawn"].value == []
    folder = charts_folder(warehouse).resolve()
    assert folder != previous
    for name in SEED_CHARTS - {changed}:
        assert (folder / name).samefile(previous / name)  # a hard link: neither read nor written again
    assert not (folder / changed).samefile(previous / changed)
    listed = json.loads((folder / VERSION_FILE).read_text(encoding="utf-8"))["attachments"]
    assert listed == {name: digest for name, digest in digests(folder).items() if name != VERSION_FILE}


def test_a_file_system_without_hard_links_gets_copies(tmp_path, monkeypatch):
    from pipeline.publish import dataset

    old = tmp_path / "old.png"
    old.write_bytes(b"chart")

    def no_links(source, target):
        raise OSError(errno.EXDEV, "cross-device link")

    monkeypatch.setattr(dataset.os, "link", no_links)
    folder = dataset.publish_folder(tmp_path / "warehouse", "charts", {"index.json": b"{}"},
                                    {"a.png": (old, hashlib.sha256(b"chart").hexdigest())})
    assert (folder / "a.png").read_bytes() == b"chart" and not (folder / "a.png").samefile(old)


def test_an_empty_warehouse_gives_no_charts(tmp_path):
    metadata = chart_metadata(materialize_charts(tmp_path / "warehouse"))
    assert metadata["chart_count"].value == 0
    assert index(charts_folder(tmp_path / "warehouse")) == {}
    assert choose_charts(None, None) == []


def observation(article, metric, region, code, period, value, qualifier=None, unit="cases") -> dict:
    return {"article_id": article, "metric_id": metric, "region": region, "region_code": code,
            "period_start": period[0], "period_end": period[1], "value": value, "unit": unit,
            "qualifier": qualifier, "figure_ids": [f"{article}:0"], "mention_count": 1}


def year(y: int) -> tuple[dt.date, dt.date]:
    return D(y, 1, 1), D(y, 12, 31)


def test_choosing_charts_from_hand_made_observations():
    h1_2023 = (D(2023, 1, 1), D(2023, 6, 30))
    frame = pd.DataFrame([
        observation("old", "stalking_reports", "South Korea", "KR", year(2020), 900),
        observation("old", "stalking_reports", "South Korea", "KR", year(2021), 1000),
        observation("new", "stalking_reports", "South Korea", "KR", year(2021), 1100, "more than"),
        observation("new", "stalking_reports", "South Korea", "KR", h1_2023, 700),
        observation("new", "cases_per_officer", "Busan", "KR-26", year(2022), 132, unit="cases per officer"),
        observation("new", "cases_per_officer", "Seoul", "KR-11", year(2022), 135, unit="cases per officer"),
        observation("new", "cases_per_officer", "South Korea", "KR", year(2022), 89.5, "around", "cases per officer"),
        observation("new", "protection_officers", "Seoul", "KR-11", year(2022), 20, unit="officers"),
        observation("new", "protection_officers", "South Korea", "KR", year(2022), 328, unit="officers"),
        observation("new", "committee_last_meeting", "Daejeon", "KR-30", (D(2018, 8, 1), D(2018, 8, 31)), None),
        observation("new", "committee_last_meeting", "Daejeon", "KR-30", (D(2017, 9, 1), D(2017, 9, 30)), None),
        observation("new", "retired_metric", "Seoul", "KR-11", year(2021), 3, unit="things"),
        observation("new", "retired_metric", "Seoul", "KR-11", year(2022), 4, unit="things"),
    ])
    specs = {s.file: s for s in choose_charts(frame, articles(("old", D(2022, 3, 1)), ("new", D(2023, 9, 1))))}
    # a national value and one region is no breakdown; a date metric has no values to draw
    assert set(specs) == {"stalking_reports.series.south-korea.png", "cases_per_officer.regions.2022.png",
                          "retired_metric.series.seoul.png"}
    series = specs["stalking_reports.series.south-korea.png"]
    assert [(b.label, b.value, b.qualifier) for b in series.bars] == [
        ("2020", 900, None), ("2021", 1100, "more than"), ("2022", None, None), ("H1 2023", 700, None)]
    assert series.period_length == "year" and series.bars[-1].note == "H1 2023 covers 6 months, not a full year"
    assert series.notes == ("Articles disagree on 2021; the most recent is shown (see the conflicts table).",)
    assert [s.article_id for s in series.sources] == ["old", "new"]
    regions = specs["cases_per_officer.regions.2022.png"]
    assert [b.label for b in regions.bars] == ["Seoul", "Busan"] and regions.reference.value == 89.5
    assert regions.unit == "cases per officer" and regions.notes == ()
    retired = specs["retired_metric.series.seoul.png"]
    assert (retired.title, retired.unit) == ("Retired metric", "things")


def test_a_breakdown_of_countries_has_no_national_reference():
    frame = pd.DataFrame([observation("a", "stalking_reports", name, code, year(2022), value)
                          for name, code, value in [("Japan", "JP", 5), ("South Korea", "KR", 7)]])
    (spec,) = choose_charts(frame, articles(("a", D(2023, 1, 1))))
    assert spec.kind == "regions" and spec.reference is None
    assert [b.label for b in spec.bars] == ["South Korea", "Japan"]


@pytest.mark.parametrize("period, label", [
    (year(2018), "2018"), ((D(2023, 1, 1), D(2023, 6, 30)), "H1 2023"), ((D(2022, 7, 1), D(2022, 12, 31)), "H2 2022"),
    ((D(2022, 7, 1), D(2022, 9, 30)), "Q3 2022"), ((D(2018, 8, 1), D(2018, 8, 31)), "Aug 2018"),
    ((D(2019, 1, 1), D(2021, 12, 31)), "2019–2021"), ((D(2022, 3, 1), D(2022, 5, 31)), "Mar–May 2022"),
    ((D(2022, 11, 1), D(2023, 2, 28)), "Nov 2022–Feb 2023"), ((None, D(2022, 12, 31)), "as of 2022-12-31"),
    ((D(2022, 3, 5), D(2022, 4, 10)), "2022-03-05 to 2022-04-10"), ((None, None), "undated"),
])
def test_period_labels(period, label):
    assert period_label(*period) == label


def test_values_keep_qualifiers_that_matter_and_names_are_safe():
    assert value_label(9442, "more than") == "more than 9,442"
    assert value_label(89.5, "around") == "around 89.5"
    assert value_label(328, "average") == "328"
    assert value_label(7091, None) == "7,091"
    assert slug("São Paulo / H1 2023") == "sao-paulo-h1-2023" and slug("protection_measures") == "protection_measures"


def test_value_axes_always_include_zero():
    from pipeline.charts.drawing import _value_limits

    assert _value_limits([9442, 29372], 1.15) == (0.0, 29372 * 1.15)
    assert _value_limits([-4.0, 3.5], 1.0) == (-4.0, 3.5)
    assert _value_limits([-2.0, -1.0], 1.0) == (-2.0, 0.0)
    assert _value_limits([0.0], 1.15) == (0.0, 1.0)


def many_disagreements() -> pd.DataFrame:
    """40 regions whose two articles disagree on 2022, and a series whose articles disagree on 5 years."""
    rows = [observation(article, "stalking_reports", f"Region {i:02d}", f"XX-{i:02d}", year(2022), i + shift)
            for i in range(40) for article, shift in (("old", 0), ("new", 1))]
    rows += [observation(article, "stalking_reports", "Region 00", "XX-00", year(y), y + shift)
             for y in range(2017, 2022) for article, shift in (("old", 0), ("new", 1))]
    return pd.DataFrame(rows)


def test_disagreements_of_a_chart_are_one_note():
    specs = {s.file: s for s in choose_charts(many_disagreements(), articles(("old", D(2022, 3, 1)),
                                                                            ("new", D(2023, 9, 1))))}
    assert specs["stalking_reports.regions.2022.png"].notes == (
        "The 20 smaller of the 40 regions are not drawn; they are in the observations table.",
        "Articles disagree on 2022 for 40 regions (Region 00, Region 01, Region 02 and 37 more); the most recent "
        "is shown (see the conflicts table).",)
    assert specs["stalking_reports.series.region-00.png"].notes == (
        "Articles disagree on 6 periods (2017, 2018, 2019 and 3 more); the most recent is shown (see the "
        "conflicts table).",)


def test_a_chart_keeps_to_the_bars_it_shows_legibly_and_says_what_it_leaves_out():
    from pipeline.charts.choose import MOST_PERIODS, MOST_REGIONS

    rows = [observation("a", "stalking_reports", f"Region {i:02d}", f"XX-{i:02d}", year(2022), 100 + i)
            for i in range(MOST_REGIONS + 5)]
    rows += [observation("a", "stalking_reports", "Region 00", "XX-00", year(y), y) for y in range(1950, 1993)]
    specs = {s.file: s for s in choose_charts(pd.DataFrame(rows), articles(("a", D(2023, 1, 1))))}
    regions = specs["stalking_reports.regions.2022.png"]
    assert [bar.label for bar in regions.bars] == [f"Region {i:02d}" for i in range(MOST_REGIONS + 4, 4, -1)]
    assert regions.notes == (f"The 5 smaller of the {MOST_REGIONS + 5} regions are not drawn; they are in the "
                             "observations table.",)
    series = specs["stalking_reports.series.region-00.png"]  # 1950-1992, a gap, 2022: 45 bars
    assert len(series.bars) == MOST_PERIODS and series.bars[0].label == str(1992 - MOST_PERIODS + 3)
    assert (series.bars[-2].value, series.bars[-1].label) == (None, "2022")
    assert series.subtitle == f"Region 00, {1992 - MOST_PERIODS + 3} to 2022"
    assert series.notes == (f"The 5 earlier periods (1950 to 1954) are not drawn; they are in the observations "
                            "table.",)


def crowded_spec(bars: int = 204, notes: int = 129, sources: int = 198):
    """A breakdown as large as the largest at 100,000 articles, which constrained layout could not lay out:
    its footer of notes was taller than the figure."""
    from pipeline.charts import Bar, ChartSpec, Source

    return ChartSpec(
        file="stalking_reports.regions.2018.png", kind="regions", metric_id="stalking_reports",
        title="Reported stalking cases", subtitle="By region, 2018", unit="cases", period="2018",
        bars=tuple(Bar(f"Region with a long name {i:03d}", float(1000 - i)) for i in range(bars)),
        sources=tuple(Source(f"article-{i:03d}", "Daily Pulse", "2019-01-14") for i in range(sources)),
        notes=tuple(f"Articles disagree on 2018 for Region {i:03d}; the most recent is shown." for i in range(notes)))


def shown_axes(figure):
    """The axes a chart is drawn on: the process's figure keeps one axes per kind of chart, the others hidden."""
    shown = [ax for ax in figure.axes if ax.get_visible()]
    assert len(shown) == 1
    return shown[0]


def test_a_chart_with_many_notes_is_drawn_with_a_short_footer_and_its_notes_in_the_index(tmp_path):
    from pipeline.charts import drawing, write_charts

    spec = crowded_spec()
    figure = drawing._figure(spec)
    footer = [text.get_text() for text in figure.texts][2:]
    assert footer[3] == "... and 195 more articles, listed in the charts index"
    assert footer[-1] == "... and 127 more notes, listed in the charts index"
    assert len(footer) == drawing.SHOWN_SOURCES + 1 + drawing.SHOWN_NOTE_LINES
    ax = shown_axes(figure)
    assert ax.get_position().height > 0.4  # the bars keep most of the figure
    folder = write_charts(tmp_path / "warehouse", [spec])
    index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    assert index["not_drawn"] == [] and (folder / spec.file).is_file()
    assert index["charts"][0]["notes"] == list(spec.notes)


def test_a_long_legend_of_partial_periods_is_cut_and_kept_in_the_index(tmp_path):
    from pipeline.charts import Bar, ChartSpec, write_charts
    from pipeline.charts.drawing import SHOWN_PERIOD_NOTES, _figure

    bars = tuple(Bar(f"H1 {y}", 10.0 + y % 7, note=f"H1 {y} covers 6 months, not a full year") for y in range(1990, 2030))
    spec = ChartSpec(file="x.series.y.png", kind="series", metric_id="x", title="X", subtitle="Y", unit="cases",
                     bars=bars, sources=(), region="Y", period_length="year")
    labels = [text.get_text() for text in shown_axes(_figure(spec)).get_legend().get_texts()]
    assert labels[0] == "Full year" and len(labels) == 1 + SHOWN_PERIOD_NOTES
    assert labels[-1] == f"... and {40 - SHOWN_PERIOD_NOTES + 1} more periods of another length, listed in the charts index"
    folder = write_charts(tmp_path / "warehouse", [spec])
    assert json.loads((folder / INDEX).read_text(encoding="utf-8"))["charts"][0]["notes"] == [b.note for b in bars]


def test_a_process_pool_draws_the_same_bytes_and_keeps_failures_apart(seeded, monkeypatch):
    import pipeline.pool
    from pipeline.charts import Bar, batch

    warehouse, _ = seeded
    specs = choose_charts(read("observations", warehouse), read("articles", warehouse))
    broken = dataclasses.replace(specs[0], file="broken.regions.2022.png", kind="regions",
                                 bars=(Bar("Seoul", None), Bar("Busan", 3.0)))
    specs = [specs[0], broken, *specs[1:]]
    monkeypatch.setenv("PIPELINE_WORKERS", "2")
    monkeypatch.setattr(batch, "POOL_THRESHOLD", 10_000)
    serial = list(batch.draw_all(specs))
    monkeypatch.setattr(batch, "POOL_THRESHOLD", 2)
    started = []
    monkeypatch.setattr(pipeline.pool, "spawn_pool", lambda workers: started.append(workers) or spawn_pool(workers))
    pooled = list(batch.draw_all(specs))
    assert started == [2]
    assert pooled == serial
    assert [spec.file for spec, png, _ in pooled if png is None] == ["broken.regions.2022.png"]
    assert pooled[1][2].startswith("TypeError")
    assert all(png.startswith(b"\x89PNG") for spec, png, _ in pooled if spec is not broken)


def pixels(png: bytes) -> bytes:
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGBA").tobytes()


def test_charts_drawn_one_after_another_have_the_pixels_of_a_new_figure_and_savefig(seeded, monkeypatch):
    """A process draws every chart on one figure whose canvas remembers glyphs (pipeline.charts.canvas)
    and writes the PNGs itself (pipeline.charts.png): each chart, drawn after any other, has the pixels
    that matplotlib's own canvas and savefig give it on a new figure."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from pipeline.charts import Bar, drawing

    warehouse, _ = seeded
    seed = choose_charts(read("observations", warehouse), read("articles", warehouse))
    crowded = dataclasses.replace(seed[1], file="crowded.series.png", bars=tuple(  # rotated labels, gaps
        Bar(f"Q{1 + q % 4} {2000 + q // 4}", None if q % 7 == 3 else (q - 9) * 1234.5, "around" if q % 5 else None,
            f"Q{q} is short" if q % 6 == 1 else None) for q in range(30)), period_length="quarter")
    mathtext = dataclasses.replace(seed[0], file="math.png", title=r"Cost of $\frac{1}{2}$ a case in $\sqrt{x}$")
    specs = [*seed, crowded_spec(bars=60, notes=9, sources=5), crowded, mathtext]
    monkeypatch.setattr(drawing, "_REUSED", [])
    with matplotlib.rc_context({"axes.spines.top": True, "font.size": 20}):
        drawing._figure(specs[0])  # the process's figure first made outside render, in another style
    drawn = [render(spec) for spec in specs + specs[::-1]]
    assert drawn == drawn[::-1]

    monkeypatch.setattr(drawing, "CANVAS", FigureCanvasAgg)
    for spec, png in zip(specs, drawn):
        monkeypatch.setattr(drawing, "_REUSED", [])
        buffer = io.BytesIO()
        with drawing._style():
            drawing._figure(spec).savefig(buffer, format="png", dpi=drawing.DPI)
        assert pixels(png) == pixels(buffer.getvalue()), spec.file


def test_the_canvas_measures_strings_as_agg_does():
    """The caching renderer measures a string from the layout it draws (pipeline.charts.canvas), not with a
    second shaping: widths, heights and descents equal RendererAgg's, for plain and fallback glyphs,
    ligatures, combining marks, empty and blank strings, several sizes, weights and styles, also after a
    rotated glyph was rasterised."""
    import random

    from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
    from matplotlib.font_manager import FontProperties

    from pipeline.charts.canvas import GlyphCachingRenderer

    chosen = random.Random(5)
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.:;-–—()'\"%€£$éjfyW_/\\ß"
    strings = ["", " ", "1,234", "lp", "fi fl ffi", "Ünïcödé — “quotes” €5", "A\u0301", "j", "_", "ﬁ",
               "Protection measures granted to stalking victims, South Korea, 2018-2023 (cases)"]
    strings += ["".join(chosen.choice(letters) for _ in range(chosen.randint(1, 50))) for _ in range(300)]
    mine, agg = GlyphCachingRenderer(1000, 600, 100), RendererAgg(1000, 600, 100)
    for size, weight, style in ((8, "normal", "normal"), (9, "normal", "italic"), (10.5, "normal", "normal"),
                                (14, "bold", "normal")):
        prop = FontProperties(family="DejaVu Sans", size=size, weight=weight, style=style)
        for index, text in enumerate(strings):
            if index % 50 == 7:  # a rotated label's glyph leaves its transform on the font
                glyph = mine._glyphs(mine._prepare_font(prop), size, "Rotated", get_hinting_flag(), None, None)[0]
                mine._rasterise((*glyph[:5], 45, get_hinting_flag(), True, 5, 9), 0.7071, 0.7071)
            assert mine.get_text_width_height_descent(text, prop, False) == \
                agg.get_text_width_height_descent(text, prop, False), (size, weight, style, text)
