"""The bad-input corpus: every kind of file users may drop into raw/articles, how to make it, and the
outcome it must have. Files are written by code (a 50 MB article does not belong in git); the good
articles written beside them must still be published in the same run."""
from __future__ import annotations

import dataclasses
import os
import pathlib
from collections.abc import Callable

GOOD_TEXT = ("SEOUL, March 3 (Example Wire) -- Police handled 1,240 stalking reports in 2022, up 18 percent "
             "from a year earlier, officials said Friday.\n")


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[pathlib.Path], None]  # writes the case's files into raw/articles
    path: str  # the file that must be rejected or published
    outcome: str  # "rejected", "published" or "duplicate"
    reason: str = ""  # words the rejection's reason must contain
    stage: str = "archive"


def own(name: str) -> str:
    """A good article of the case's own (so that only the twin case repeats another article's bytes)."""
    return f"Report on {name.removesuffix('.txt')}\n" + GOOD_TEXT


def text(name: str, data: bytes | str, sidecar: str | None = None) -> Callable[[pathlib.Path], None]:
    def make(folder: pathlib.Path) -> None:
        (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)
        if sidecar is not None:
            (folder / name).with_suffix(".json").write_text(sidecar, encoding="utf-8")
    return make


def big(name: str, size: int) -> Callable[[pathlib.Path], None]:
    def make(folder: pathlib.Path) -> None:
        chunk = (GOOD_TEXT * 64).encode()
        with open(folder / name, "wb") as handle:
            for _ in range(size // len(chunk) + 1):
                handle.write(chunk)
    return make


def link_outside(name: str) -> Callable[[pathlib.Path], None]:
    def make(folder: pathlib.Path) -> None:
        outside = folder.parent.parent / "outside.txt"
        outside.write_text("Secret: 42 accounts.\n", encoding="utf-8")
        os.symlink(outside, folder / name)
    return make


def subfolder(name: str) -> Callable[[pathlib.Path], None]:
    def make(folder: pathlib.Path) -> None:
        (folder / name).mkdir()
        (folder / name / "inner.txt").write_text(GOOD_TEXT, encoding="utf-8")
    return make


SIDECAR = '{"publisher": "Example Wire", "published_date": "2023-03-03"}'
CASES = [
    Case("empty file", text("empty.txt", b""), "empty.txt", "rejected", "article is empty"),
    Case("white space only", text("blank.txt", " \n\t\n"), "blank.txt", "rejected", "only white space"),
    Case("binary with NUL bytes", text("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary.txt",
         "rejected", "NUL bytes"),
    Case("invalid UTF-8", text("latin1.txt", "Caf\xe9 owners filed 12 complaints.".encode("latin-1")),
         "latin1.txt", "rejected", "not valid UTF-8"),
    Case("UTF-8 with BOM", text("with-bom.txt", "\ufeff" + own("with-bom.txt"), SIDECAR), "with-bom.txt", "published"),
    Case("CRLF line endings", text("crlf.txt", own("crlf.txt").replace("\n", "\r\n"), SIDECAR), "crlf.txt",
         "published"),
    Case("50 MB article", big("huge.txt", 50_000_000), "huge.txt", "rejected", "over the 5,000,000-byte limit"),
    Case("1 MB of digits and commas", text("digits.txt", ("1234,5678," * 100_000)), "digits.txt", "published"),
    Case("missing sidecar", text("no-sidecar.txt", own("no-sidecar.txt")), "no-sidecar.txt", "published"),
    Case("sidecar not JSON", text("bad-json.txt", own("bad-json.txt"), "{publisher: Example"), "bad-json.txt", "rejected",
         "sidecar is not valid JSON"),
    Case("sidecar with wrong types", text("bad-types.txt", own("bad-types.txt"), '{"publisher": 7}'), "bad-types.txt",
         "rejected", "publisher must be a string or null"),
    Case("impossible date", text("bad-date.txt", own("bad-date.txt"), '{"published_date": "2023-02-30"}'), "bad-date.txt",
         "rejected", "is not a YYYY-MM-DD date"),
    Case("future date", text("future.txt", own("future.txt"), '{"published_date": "2999-01-01"}'), "future.txt",
         "rejected", "in the future"),
    Case("same text as another id", text("twin.txt", GOOD_TEXT), "twin.txt", "duplicate"),
    Case("id with a path separator", subfolder("nested"), "nested", "rejected", "only <id>.txt and <id>.json"),
    Case("id with ..", text("..hidden.txt", own("..hidden.txt")), "..hidden.txt", "rejected", "must match"),
    Case("id in upper case", text("Upper-Case.txt", own("Upper-Case.txt")), "Upper-Case.txt", "rejected", "must match"),
    Case("id with spaces", text("with space.txt", own("with space.txt")), "with space.txt", "rejected", "no spaces"),
    Case("link pointing outside raw/", link_outside("escape.txt"), "escape.txt", "rejected", "link"),
]
GOOD = ("good-a", "good-b")  # written beside every case; "twin" repeats good-a's bytes


def write_corpus(raw: pathlib.Path) -> pathlib.Path:
    folder = raw / "articles"
    folder.mkdir(parents=True)
    for good in GOOD:
        (folder / f"{good}.txt").write_text(GOOD_TEXT.replace("1,240", "1,240" if good == "good-a" else "2,310"),
                                            encoding="utf-8")
        (folder / f"{good}.json").write_text(SIDECAR, encoding="utf-8")
    for case in CASES:
        case.make(folder)
    return folder
