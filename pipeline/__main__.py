"""Command line: `python -m pipeline extract [FILE ...] [--published YYYY-MM-DD]` prints JSON Lines."""
from pipeline.cli import main

raise SystemExit(main())
