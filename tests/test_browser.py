"""The Dagster UI in a real browser. The webserver runs on 127.0.0.1 with a temporary DAGSTER_HOME, a copy
of raw/ and an empty warehouse; headless Chromium (Debian's, driven by Playwright) opens the asset graph,
launches "Materialize all", and, once the run has succeeded, finds the row count among the figures
asset's metadata and the schema check among its checks. Screenshots go to $PYTEST_ARTIFACTS (default
tests/artifacts/).

Needs Chromium at $PIPELINE_CHROMIUM (default: `chromium` on PATH); without it the test is skipped, or
fails when PIPELINE_REQUIRE_BROWSER=1 (.ci/run installs Chromium and sets it)."""
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect, sync_playwright

from pipeline.publish import read
from tests.prerequisites import require

REPO = pathlib.Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The webserver launches runs itself: without a daemon the default queue would never start them, and the
# sensor and the schedule stay quiet.
INSTANCE_YAML = """run_coordinator:
  module: dagster._core.run_coordinator
  class: DefaultRunCoordinator
telemetry:
  enabled: false
"""
PATIENCE_SECONDS = 600  # how long to wait for the server and the run before giving up; never asserted
TERMINAL_STATUSES = {"SUCCESS", "FAILURE", "CANCELED"}


def chromium() -> str:
    """The Chromium executable; a PIPELINE_CHROMIUM that is not one is a mistake, not a missing browser."""
    configured = os.environ.get("PIPELINE_CHROMIUM")
    if configured:
        if not os.access(configured, os.X_OK):
            pytest.fail(f"PIPELINE_CHROMIUM={configured} is not an executable")
        return configured
    found = shutil.which("chromium")
    require(found is not None, "PIPELINE_REQUIRE_BROWSER",
            "no `chromium` on PATH and PIPELINE_CHROMIUM unset (Debian: apt-get install chromium)")
    return found


def artifacts() -> pathlib.Path:
    folder = pathlib.Path(os.environ.get("PYTEST_ARTIFACTS", REPO / "tests" / "artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(base: str, server: subprocess.Popen, log: pathlib.Path) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"dagster-webserver exited with {server.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(f"{base}/server_info", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    pytest.fail(f"dagster-webserver did not answer /server_info:\n{log.read_text()[-4000:]}")


def run_status(base: str, run_id: str) -> str:
    query = "query ($id: ID!) { runOrError(runId: $id) { __typename ... on Run { status } } }"
    request = urllib.request.Request(f"{base}/graphql", headers={"Content-Type": "application/json"},
                                     data=json.dumps({"query": query, "variables": {"id": run_id}}).encode())
    with urllib.request.urlopen(request, timeout=30) as response:
        found = json.load(response)["data"]["runOrError"]
    assert found["__typename"] == "Run", found
    return found["status"]


def wait_for_run(base: str, run_id: str) -> str:
    deadline = time.monotonic() + PATIENCE_SECONDS
    status = run_status(base, run_id)
    while status not in TERMINAL_STATUSES and time.monotonic() < deadline:
        time.sleep(2)
        status = run_status(base, run_id)
    return status


@pytest.fixture
def webserver(tmp_path):
    """(base URL, warehouse path) of a dagster-webserver serving pipeline.definitions."""
    home, warehouse = tmp_path / "dagster_home", tmp_path / "warehouse"
    home.mkdir()
    (home / "dagster.yaml").write_text(INSTANCE_YAML, encoding="utf-8")
    shutil.copytree(REPO / "raw" / "articles", tmp_path / "raw" / "articles")
    environment = os.environ | {"DAGSTER_HOME": str(home), "PIPELINE_RAW_ROOT": str(tmp_path / "raw"),
                                "PIPELINE_WAREHOUSE_ROOT": str(warehouse)}
    port = free_port()
    log = tmp_path / "webserver.log"
    with open(log, "w") as output:
        server = subprocess.Popen([sys.executable, "-m", "dagster_webserver", "-m", "pipeline.definitions",
                                   "-h", "127.0.0.1", "-p", str(port)], cwd=REPO, env=environment,
                                  stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, server, log)
        yield base, warehouse
    finally:  # the server, its code server and any run worker share the session started above
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.fixture
def page():
    executable = chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.set_default_timeout(120_000)
        expect.set_options(timeout=120_000)
        # Dagster's first-visit newsletter dialog would cover the buttons: dismiss it whenever it shows
        page.add_locator_handler(page.get_by_role("button", name="Skip"), lambda skip: skip.click())
        try:
            yield page
        finally:
            page.screenshot(path=artifacts() / "browser-last-page.png", full_page=True)
            browser.close()


def test_materialize_all_from_the_asset_graph(page, webserver):
    base, warehouse = webserver
    shots = artifacts()
    page.goto(f"{base}/asset-groups")
    expect(page.get_by_text("Global asset lineage")).to_be_visible()
    for group in ("archive", "extraction", "metrics", "analysis"):
        expect(page.get_by_role("button", name=group).first).to_be_visible()
    page.get_by_role("button", name="Materialize all").click()

    launched = page.get_by_role("link", name="View", exact=True)
    expect(launched).to_have_attribute("href", re.compile(r"^/runs/[0-9a-f-]{36}$"))
    run_id = launched.get_attribute("href").rsplit("/", 1)[1]
    assert wait_for_run(base, run_id) == "SUCCESS"

    page.goto(f"{base}/runs/{run_id}")
    expect(page.get_by_text("Success", exact=True).first).to_be_visible()
    page.screenshot(path=shots / "browser-run.png")

    figures = len(read("figures", warehouse))
    page.goto(f"{base}/assets/figures")
    expect(page.get_by_text("Row count", exact=True)).to_be_visible()
    expect(page.locator("body")).to_contain_text(re.compile(rf"Row count\s*{figures}(?!\d)"))
    expect(page.get_by_text("articles_extracted", exact=True)).to_be_visible()
    page.screenshot(path=shots / "browser-figures-metadata.png", full_page=True)

    page.goto(f"{base}/assets/figures?view=checks")
    page.get_by_text("figures_matches_schema", exact=True).first.click()
    expect(page.get_by_text("This is a blocking asset check.")).to_be_visible()
    evaluation = page.locator("body")
    expect(evaluation).to_contain_text(re.compile(r"Evaluation result\s*Passed"))
    expect(evaluation).to_contain_text(re.compile(rf"rows\s*{figures}(?!\d)"))
    page.screenshot(path=shots / "browser-figures-checks.png", full_page=True)

    page.goto(f"{base}/asset-groups")
    expect(page.get_by_text("archive", exact=True).last).to_be_visible()
    expect(page.get_by_text(re.compile("fetching statuses"))).to_have_count(0)
    page.screenshot(path=shots / "browser-asset-graph.png")
