"""Properties that hold for any text: no exception, offsets that give back the surface, ordered ids,
valid kinds and sections, ordered periods, deterministic output; figures and sentences made the fast way
that are the ones the dataclass makes; and a CLI that speaks JSON Lines."""
import dataclasses
import datetime as dt
import json
import pickle
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract import FIELDS, KINDS, SECTIONS, Figure, extract_figures
from pipeline.extract.figure import new_figure
from pipeline.extract.frozen import fast_maker, fast_replacer
from pipeline.extract.periods import PeriodMention
from pipeline.extract.places import Place, PlaceMention
from pipeline.extract.structure import Sentence, _new_sentence

NEWS_FRAGMENTS = [
    "7,091", "19.4", "1.5 million", "58.000", "4,8", "1.234.567", "Thirteen", "three", "a dozen", "half",
    "two-thirds", "1 in 10", "four in every five", "threefold", "tripled", "1.5 times", "12 percent", "26 per cent",
    "7%", "$", "US$", "30 million won", "KRW", "per officer", "per 100,000 people", "a day", "every day", "in 2019",
    "2017-18", "last year", "the first half of the current year", "as of August", "since October 2021",
    "over the past five years", "from 2018 to 2022", "a year earlier", "on Thursday", "Seoul", "Busan",
    "Gyeongbuk National Police Agency", "Scotland", "Osaka Prefecture", "more than", "around", "up to",
    "No. 3", "COVID-19", "02-123-4567", "SEOUL, Sept. 12 (Yonhap) -- ", "M. H. Lee (mh@example.com)",
    "Leave a Reply", "(Yonhap)", ". ", ", ", "; ", "\n", "\r\n", "\ufeff", " - ", ": ", "(", ")", "½", "٣",
    "this summer", "ſome", "at leaſt", "approxımately", "a thİrd", "per \u212ailometre",
]
news_like = st.lists(st.sampled_from(NEWS_FRAGMENTS) | st.text(max_size=6), max_size=40).map(" ".join)
published = st.none() | st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))


def check_invariants(text, figures):
    for index, figure in enumerate(figures):
        assert text[figure.char_start:figure.char_end] == figure.surface
        assert 0 <= figure.char_start < figure.char_end <= len(text)
        assert figure.figure_id == f"{figure.article_id}:{index}"
        assert figure.kind in KINDS and figure.section in SECTIONS
        assert (figure.value is None) == (figure.kind in ("date", "year"))
        if figure.period_start and figure.period_end:
            assert figure.period_start <= figure.period_end
    starts = [f.char_start for f in figures]
    assert starts == sorted(starts)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(), published=published)
def test_any_text(text, published):
    check_invariants(text, extract_figures(text, published))


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=news_like, published=published)
def test_news_like_text(text, published):
    figures = extract_figures(text, published, article_id="a")
    check_invariants(text, figures)
    assert figures == extract_figures(text, published, article_id="a")


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", *args], input=stdin, capture_output=True,
                          check=True)


FIGURE_VALUES = ("a", "a:0", 3, 9, "12,277", 12277.0, "count", "cases", None, "more than", "stalking cases",
                 dt.date(2022, 1, 1), dt.date(2022, 12, 31), "Seoul", "KR-11", "body", 2)


PERIOD_VALUES = (4, 11, dt.date(2022, 1, 1), dt.date(2022, 12, 31), "period",
                 (7, 11, dt.date(2022, 1, 1), dt.date(2022, 12, 31), "year"))


@pytest.mark.parametrize("cls, make, values, named", [
    (Figure, new_figure, FIGURE_VALUES, {}),
    (Sentence, _new_sentence, (10, 52, "body", 1), {}),
    (PeriodMention, fast_maker(PeriodMention), PERIOD_VALUES, {}),  # the fields with defaults left to them
    (PeriodMention, fast_maker(PeriodMention), PERIOD_VALUES[:5], {"base_unit": "year", "holds_duration": True}),
    (PlaceMention, fast_maker(PlaceMention), (0, 5, Place("KR-11", "Seoul", "province", "KR")), {})])
def test_an_instance_made_the_fast_way_is_the_frozen_one_the_dataclass_makes(cls, make, values, named):
    made = make(*values, **named)
    expected = cls(*values, **named)
    assert type(made) is cls and made == expected and hash(made) == hash(expected)
    assert repr(made) == repr(expected) and dataclasses.asdict(made) == dataclasses.asdict(expected)
    assert pickle.loads(pickle.dumps(made)) == expected
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, dataclasses.fields(cls)[0].name, values[1])


def test_a_fast_replacement_is_the_one_dataclasses_replace_makes():
    mention = PeriodMention(*PERIOD_VALUES)
    replace = fast_replacer(PeriodMention)
    for changes in ({}, {"role": "record"}, {"period_start": None, "period_end": dt.date(2023, 1, 1)},
                    {"holds_duration": True, "base_unit": "month"}):
        made = replace(mention, **changes)
        assert type(made) is PeriodMention and made == dataclasses.replace(mention, **changes)
        assert repr(made) == repr(dataclasses.replace(mention, **changes))
    with pytest.raises(TypeError):
        replace(mention, rôle="record")


def test_the_fast_way_is_only_for_frozen_dataclasses_with_slots():
    for cls in (dataclasses.make_dataclass("Loose", ["a"], slots=True),
                dataclasses.make_dataclass("Slotless", ["a"], frozen=True)):
        with pytest.raises(TypeError, match="not a frozen dataclass with slots"):
            fast_maker(cls)


def test_cli_prints_json_lines_with_the_record_fields(tmp_path):
    article = tmp_path / "my-article.txt"
    article.write_bytes("\ufeffIn 2022, there were 7,091 cases.\r\n".encode("utf-8"))
    (tmp_path / "my-article.json").write_text('{"published_date": "2023-09-12"}')
    lines = [json.loads(line) for line in run_cli(str(article)).stdout.splitlines()]
    assert [line["surface"] for line in lines] == ["7,091"]
    record = lines[0]
    assert tuple(record) == FIELDS and record["article_id"] == "my-article"
    text = article.read_bytes().decode("utf-8")[1:]
    assert text[record["char_start"]:record["char_end"]] == "7,091"
    assert record["period_start"] == "2022-01-01"


def test_cli_reads_standard_input_and_uses_published():
    out = run_cli("-", "--published", "2023-09-12", stdin="Last year 12 cases were filed.".encode())
    record = json.loads(out.stdout.splitlines()[0])
    assert (record["article_id"], record["period_start"], record["period_end"]) == ("stdin", "2022-01-01",
                                                                                    "2022-12-31")


def _read(text, published=None):
    return [(f.value, f.kind, f.unit, f.qualifier, f.period_start, f.period_end)
            for f in extract_figures(text, published)]


def test_a_relative_season_needs_a_publication_date():
    """"this summer" is placed by the publication date; without one the figure keeps no period (it made the
    whole article fail before)."""
    text = "Thefts rose 12 percent this summer, officials said."
    assert _read(text) == [(12.0, "percent", "percent", None, None, None)]
    [(_, _, _, _, _, period_end)] = _read(text, dt.date(2023, 9, 1))
    assert period_end == dt.date(2023, 8, 31)


@pytest.mark.parametrize("odd, plain", [
    ("Prices rose for ſome 40 days.", "Prices rose for some 40 days."),
    ("Police handled at leaſt 45 cases a day.", "Police handled at least 45 cases a day."),
    ("Approxımately 7,091 reports were filed this ſummer.", "Approximately 7,091 reports were filed this summer."),
    ("He spent a thİrd of 300 dollars.", "He spent a third of 300 dollars."),
])
def test_words_matched_through_letters_that_fold_onto_ascii_are_read_as_their_ascii_spelling(odd, plain):
    """Case-blind patterns match "ſ" to "s", "ı" and "İ" to "i" and the Kelvin sign to "k"; the words they match
    are looked up as the lexicon spells them (they raised a KeyError, and the article was rejected)."""
    for published in (None, dt.date(2023, 9, 12)):
        assert _read(odd, published) == _read(plain, published)


def test_every_letter_that_folds_onto_ascii_is_known():
    import re

    from pipeline.extract.lexicon import FOLDS_ONTO_ASCII, lexicon_key

    folding = {chr(code): letter for code in range(128, 0x110000) for letter in "abcdefghijklmnopqrstuvwxyz"
               if chr(code) != letter.upper() and re.fullmatch(letter, chr(code), re.IGNORECASE)}
    assert folding == FOLDS_ONTO_ASCII
    assert lexicon_key("ſome Approxımately İ\u212a") == "some approximately ik"
