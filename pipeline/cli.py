"""The command line on top of the extractor: reads article files (or standard input) and prints one
JSON object per figure."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import sys

from pipeline.archive.reader import decode_article
from pipeline.extract import extract_figures


def _sidecar_published(path: pathlib.Path) -> dt.date | None:
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        return None
    try:
        value = json.loads(sidecar.read_text(encoding="utf-8")).get("published_date")
        return dt.date.fromisoformat(value) if value else None
    except (ValueError, AttributeError, TypeError):
        return None


def _extract(args: argparse.Namespace) -> int:
    status = 0
    for name in args.files or ["-"]:
        try:
            if name == "-":
                article_id, data, published = "stdin", sys.stdin.buffer.read(), None
            else:
                path = pathlib.Path(name)
                article_id, data, published = path.stem, path.read_bytes(), _sidecar_published(path)
            text = decode_article(data)
        except (OSError, UnicodeDecodeError) as error:
            print(f"error: {name}: {error}", file=sys.stderr)
            status = 1
            continue
        published = args.published or published
        for figure in extract_figures(text, published, article_id=article_id):
            sys.stdout.write(json.dumps(figure.to_json_dict(), ensure_ascii=False) + "\n")
    return status


def _summary(args: argparse.Namespace) -> int:
    """Row counts of every published table and a few rows of each."""
    import pathlib

    import pandas as pd

    from pipeline.roots import default_warehouse_root
    from pipeline.publish import read, table_dir
    from schemas import TABLES

    warehouse = pathlib.Path(args.warehouse or default_warehouse_root())
    with pd.option_context("display.width", 160, "display.max_columns", 8, "display.max_colwidth", 40):
        for table in TABLES:
            frame = read(table, warehouse)
            if frame is None:
                print(f"{table}: not published yet")
                continue
            print(f"\n== {table}: {len(frame)} rows ({table_dir(warehouse, table)}/)")
            if len(frame):
                print(frame.head(args.rows).to_string(index=False))
    return 0


def _build(args: argparse.Namespace) -> int:
    """Every stage of warehouse_job without Dagster (same code, same lock); input problems are reported
    in rejected_articles, not as tracebacks."""
    from pipeline.build import build_warehouse
    from pipeline.collector import collect_less_often, set_aside_loaded
    from pipeline.roots import default_raw_root, default_warehouse_root
    from pipeline.publish.lock import WarehouseBusy

    collect_less_often()
    set_aside_loaded()
    try:
        build_warehouse(pathlib.Path(args.raw or default_raw_root()),
                        pathlib.Path(args.warehouse or default_warehouse_root()),
                        log=lambda message: print(message, file=sys.stderr))
    except WarehouseBusy as busy:
        print(f"error: {busy}", file=sys.stderr)
        return 75  # EX_TEMPFAIL
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline")
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser("extract", help="print the figures of article files as JSON Lines")
    extract.add_argument("files", nargs="*", help="article .txt files; '-' or none for standard input")
    extract.add_argument("--published", type=dt.date.fromisoformat, help="publication date, YYYY-MM-DD")
    extract.set_defaults(run=_extract)
    summary = commands.add_parser("summary", help="print the warehouse tables' sizes and first rows")
    summary.add_argument("--warehouse", help="warehouse root (default PIPELINE_WAREHOUSE_ROOT or warehouse/)")
    summary.add_argument("--rows", type=int, default=5)
    summary.set_defaults(run=_summary)
    build = commands.add_parser("build", help="materialise every table without Dagster (same code and lock)")
    build.add_argument("--raw", help="archive root (default PIPELINE_RAW_ROOT or raw/)")
    build.add_argument("--warehouse", help="warehouse root (default PIPELINE_WAREHOUSE_ROOT or warehouse/)")
    build.set_defaults(run=_build)
    args = parser.parse_args(argv)
    return args.run(args)
