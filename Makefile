# Every target builds what it needs from the lock on a fresh machine.
PYTHON ?= python3.11
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: venv native test run ui bench clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

# --compile-bytecode: every module's bytecode is written once here, so no run compiles dagster, pandas and
# the rest again (about 3 s of CPU per process where PYTHONDONTWRITEBYTECODE is set, as on our machines)
$(VENV)/.synced: $(UV) pyproject.toml uv.lock Makefile
	$(UV) sync --frozen --all-groups --compile-bytecode --python $(PYTHON)
	touch $@

venv: $(VENV)/.synced

# The extractor's hot modules compiled by mypyc into .build/native (pipeline/extract/native.py): about a minute
# when an extractor source has changed, a check of their digests otherwise. The package loads the build only
# while it matches the sources, so a source edited since runs as Python until the next build.
native: venv
	$(VENV)/bin/python -m pipeline.extract.native_build

# PIPELINE_REQUIRE_NATIVE: the tests fail if the extractor they run is not the compiled build
test: native
	PIPELINE_REQUIRE_NATIVE=1 $(VENV)/bin/python -m pytest -q

bench: native
	$(VENV)/bin/python benchmarks/bench_extract.py

clean:
	rm -rf $(VENV) .tools .build .pytest_cache .hypothesis

run: native
	mkdir -p $(DAGSTER_HOME)
	$(VENV)/bin/dagster asset materialize -m pipeline.definitions --select '*'
	$(VENV)/bin/python -m pipeline summary

ui: native
	mkdir -p $(DAGSTER_HOME)
	$(VENV)/bin/dagster dev -m pipeline.definitions -h 127.0.0.1 -p 3000
