"""Imported by the crash test's fork server before it forks any run: pays once the costs every fresh
process pays on first use (importing pandas and pandera's validation machinery, compiling the
extractor's patterns), so that each of the many killed and resumed runs starts warm."""
import datetime as dt

import pipeline.build  # noqa: F401  (the code under test, imported once)
from pipeline.extract import extract_figures
from pipeline.publish import validate
from pipeline.tables import empty

extract_figures("SEOUL, March 3 -- Police handled 1,240 reports in Seoul in 2022, up 18 percent.\n",
                dt.date(2023, 3, 3), article_id="warm-up")
validate(empty("figures"), "figures")
