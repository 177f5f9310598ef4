"""Counts the work extract_figures does on an input, without a clock (used by test_extract_linear.py).

Run as a script in a fresh interpreter, because it instruments the `re` module before the extractor is
imported:

    python tests/workcount.py CASE N [--budget WORK] [--top K]

It builds the pathological input CASE (see CASES) of N characters, runs extract_figures on it and
prints one JSON object: the work done, the figures found and a sanity summary. Work is counted in
steps that do not depend on the machine:

- every Python function call and every call into C (sys.setprofile "call" and "c_call" events), and
- every character a regular expression is asked to scan: the region given to search (up to the end
  of the match when it matches), finditer, findall, sub and split, and the matched length of match
  and fullmatch.

A quadratic loop or a regex rescanning the whole sentence once per number shows up as work growing
faster than the input. (Catastrophic backtracking inside a single regex call is not counted step by
step; the caller's wall-clock guard catches that as a hang.) With --budget the run stops as soon as
the work exceeds the budget and reports "over_budget", so a superlinear case fails in seconds
instead of running for minutes. With --top K it also lists the K regex call sites that scanned
the most characters (to find the pattern that rescans).
"""
from __future__ import annotations

import json
import os
import re
import sys

_REAL_COMPILE = re.compile
_MAXSIZE = sys.maxsize


class Counter:
    work = 0
    budget: int | None = None
    label = ""
    by_site: dict | None = None  # (caller, pattern) -> characters scanned, with --top

    @classmethod
    def add(cls, steps: int) -> None:
        cls.work += steps
        if cls.budget is not None and cls.work > cls.budget:
            sys.setprofile(None)
            print(json.dumps({"over_budget": True, "work": cls.work, "budget": cls.budget, "label": cls.label}),
                  flush=True)
            os._exit(0)


def _attribute(pattern: re.Pattern, steps: int) -> None:
    frame = sys._getframe(3)  # _attribute <- _count <- search etc. <- the caller
    if frame.f_code.co_name == "function":  # a module-level re.search(...) wrapper
        frame = frame.f_back
    site = (f"{os.path.basename(frame.f_code.co_filename)}:{frame.f_lineno} {frame.f_code.co_name}",
            pattern.pattern[:90])
    Counter.by_site[site] = Counter.by_site.get(site, 0) + steps


def _region(string, pos: int, endpos: int) -> int:
    return max(0, min(endpos, len(string)) - max(pos, 0))


class CountingPattern:
    """A compiled pattern that counts the characters it scans; everything else is passed through."""

    __slots__ = ("_p",)

    def __init__(self, pattern: re.Pattern):
        self._p = pattern

    def _count(self, steps: int) -> None:
        if Counter.by_site is not None:
            _attribute(self._p, steps)
        Counter.add(steps)

    def __getattr__(self, name):
        return getattr(self._p, name)

    def __repr__(self):
        return f"CountingPattern({self._p.pattern!r})"

    def search(self, string, pos=0, endpos=_MAXSIZE):
        match = self._p.search(string, pos, endpos)
        self._count(1 + ((match.end() - max(pos, 0)) if match else _region(string, pos, endpos)))
        return match

    def match(self, string, pos=0, endpos=_MAXSIZE):
        match = self._p.match(string, pos, endpos)
        self._count(1 + (match.end() - match.start() if match else 0))
        return match

    def fullmatch(self, string, pos=0, endpos=_MAXSIZE):
        match = self._p.fullmatch(string, pos, endpos)
        self._count(1 + (match.end() - match.start() if match else 0))
        return match

    def finditer(self, string, pos=0, endpos=_MAXSIZE):
        self._count(1 + _region(string, pos, endpos))
        return self._p.finditer(string, pos, endpos)

    def findall(self, string, pos=0, endpos=_MAXSIZE):
        self._count(1 + _region(string, pos, endpos))
        return self._p.findall(string, pos, endpos)

    def sub(self, repl, string, count=0):
        self._count(1 + len(string))
        return self._p.sub(repl, string, count)

    def subn(self, repl, string, count=0):
        self._count(1 + len(string))
        return self._p.subn(repl, string, count)

    def split(self, string, maxsplit=0):
        self._count(1 + len(string))
        return self._p.split(string, maxsplit)


def _compile(pattern, flags=0):
    if isinstance(pattern, CountingPattern):
        return pattern
    return CountingPattern(_REAL_COMPILE(pattern, flags))


def _module_function(name):
    def function(pattern, string, *args, flags=0, **kwargs):
        compiled = _compile(pattern, flags)
        if name in ("sub", "subn"):  # re.sub(pattern, repl, string, count=0, flags=0)
            repl, string = string, args[0]
            return getattr(compiled, name)(repl, string, *args[1:], **kwargs)
        return getattr(compiled, name)(string, *args, **kwargs)

    function.__name__ = name
    return function


def install() -> None:
    re.compile = _compile
    for name in ("search", "match", "fullmatch", "finditer", "findall", "split", "sub", "subn"):
        setattr(re, name, _module_function(name))


def _profile(frame, event, arg):
    if event == "call" or event == "c_call":
        Counter.add(1)


# ---------------------------------------------------------------------------------------------------
# Pathological inputs: each a unit repeated (and cut) to n characters.

CASES = {
    "digit_comma_run": "1,2,34,567,8901,,,",
    "digit_dot_run": "1.2.34.567.8901...",
    "digits_only": "1234567890",
    "spaces": " ",
    "newlines": "\n",
    "crlf_blank_lines": "\r\n",
    "one_in_chain": "1 in ",
    "per_chain": "per ",
    "more_than_chain": "more than ",
    "month_names": "January February March April May June July August September October November December ",
    "percent_list": "5 percent, ",
    "years_list": "2019 2020 2021 ",
    "currency_list": "$1,$2,$",
    "won_amounts": "30 million won, ",
    "number_words": "three thousand and one hundred twenty ",
    "places": "Seoul Busan Jeonnam Gyeonggi ",
    "sentences": "In 2022, police handled 7,091 cases, up 8.8 percent from a year earlier. ",
    "undated_sentences": "Police in Seoul handled 7,091 cases. ",
    "year_list": "13,686 in 2019, ",
    "letters": "abcdefghij",
    "punctuation": "-.,;:()[]$%/'\"",
}


def build(case: str, n: int) -> str:
    unit = CASES[case]
    return (unit * (n // len(unit) + 1))[:n]


def main(argv: list[str]) -> int:
    case, n = argv[0], int(argv[1])
    budget = int(argv[argv.index("--budget") + 1]) if "--budget" in argv else None
    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 0
    install()
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from pipeline.extract import KINDS, SECTIONS, extract_figures

    text = build(case, n)
    extract_figures("In 2022, police handled 7,091 cases in Seoul, up 8.8 percent.")  # warm caches and lexicon
    Counter.work, Counter.budget, Counter.label = 0, budget, f"{case}:{n}"
    Counter.by_site = {} if top else None
    sys.setprofile(_profile)
    figures = extract_figures(text, article_id="w")
    sys.setprofile(None)
    work = Counter.work
    Counter.budget = None
    problems = []
    previous_start = -1
    for index, figure in enumerate(figures):
        if text[figure.char_start:figure.char_end] != figure.surface or not figure.char_start < figure.char_end:
            problems.append(f"bad span {figure.figure_id}")
        if figure.figure_id != f"w:{index}" or figure.kind not in KINDS or figure.section not in SECTIONS:
            problems.append(f"bad record {figure.figure_id}")
        if figure.char_start < previous_start:
            problems.append(f"out of order {figure.figure_id}")
        previous_start = figure.char_start
    print(json.dumps({"over_budget": False, "work": work, "n": len(text), "figures": len(figures),
                      "problems": problems[:5], "kinds": sorted({f.kind for f in figures})}), flush=True)
    if top:
        for (caller, pattern), steps in sorted(Counter.by_site.items(), key=lambda item: -item[1])[:top]:
            print(f"{steps:>12,} regex chars  {caller}  {pattern!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
