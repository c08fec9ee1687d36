"""End to end through real clients: dagster-webserver's GraphQL API and a headless Chromium.

Starts the webserver on a free local port with a temporary DAGSTER_HOME, raw folder and warehouse,
loads the code location, launches a materialization of every asset over GraphQL (as the UI's
"Materialize all" does), waits for it to succeed, then opens the asset graph in Chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb
import pytest
import yaml

from tests.conftest import PROJECT_ROOT, RAW_SAMPLE
from tests.processes import free_port, stop_group

T = TypeVar("T")
CHROMIUM = Path("/usr/bin/chromium")
GROUPS = {"ingest", "extraction", "reference", "staging", "intermediate", "marts", "publish"}
TERMINAL = {"SUCCESS", "FAILURE", "CANCELED"}
LAUNCH = """
mutation Launch($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on RunConfigValidationInvalid { errors { message } }
  }
}
"""
MATERIALIZATION = """
query Latest($keys: [AssetKeyInput!]) {
  assetNodes(assetKeys: $keys) {
    assetKey { path }
    assetMaterializations(limit: 1) {
      metadataEntries {
        label
        ... on IntMetadataEntry { intValue }
        ... on TableSchemaMetadataEntry { schema { columns { name type } } }
        ... on MarkdownMetadataEntry { mdStr }
      }
    }
  }
}
"""


@dataclass
class Webserver:
    url: str
    warehouse: Path
    location: str
    workdir: Path

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(f"{self.url}/graphql", body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        assert "errors" not in answer, answer["errors"]
        return answer["data"]


def instance_settings(home: Path) -> None:
    """The project's dagster.yaml, with runs launched at once: the queue needs the daemon."""
    settings = yaml.safe_load((PROJECT_ROOT / "dagster.yaml").read_text(encoding="utf-8"))
    settings.get("concurrency", {}).pop("runs", None)
    settings["run_coordinator"] = {"module": "dagster.core.run_coordinator", "class": "DefaultRunCoordinator"}
    (home / "dagster.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")


def wait_for(probe: Callable[[], T], timeout_s: float, what: str) -> T:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            value = probe()
            if value:
                return value
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(1.0)


@pytest.fixture(scope="module")
def webserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Webserver]:
    work = tmp_path_factory.mktemp("webserver")
    home, raw, warehouse = work / "dagster_home", work / "raw", work / "warehouse" / "warehouse.duckdb"
    home.mkdir()
    instance_settings(home)
    shutil.copytree(RAW_SAMPLE, raw)
    port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "RAW_DIR": str(raw),
        "WAREHOUSE_DB": str(warehouse),
        "DAGSTER_DISABLE_TELEMETRY": "1",
    }
    env.pop("ANALYTICS_DB", None)
    binary = Path(sys.executable).parent / "dagster-webserver"
    log = (work / "webserver.log").open("w")
    server = subprocess.Popen(
        [str(binary), "-m", "dagster_project.definitions", "-h", "127.0.0.1", "-p", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: urllib.request.urlopen(f"{url}/server_info", timeout=5).status == 200, 120, "webserver")
        yield Webserver(url, warehouse, location_of(url), work)
    finally:
        stop_group(server)
        log.close()


def location_of(url: str) -> str:
    """Wait until the code location has loaded; its name."""
    probe = Webserver(url, Path(), "", Path())

    def loaded() -> str | None:
        entries = probe.graphql(
            "{ workspaceOrError { ... on Workspace { locationEntries { name loadStatus "
            "locationOrLoadError { __typename ... on PythonError { message } } } } } }"
        )["workspaceOrError"]["locationEntries"]
        errors = [e for e in entries if e["locationOrLoadError"]["__typename"] == "PythonError"]
        assert not errors, errors
        done = [e["name"] for e in entries if e["loadStatus"] == "LOADED"]
        return done[0] if done else None

    return wait_for(loaded, 120, "code location")


@pytest.fixture(scope="module")
def finished_run(webserver: Webserver) -> dict:
    nodes = webserver.graphql("{ assetNodes { assetKey { path } } }")["assetNodes"]
    params = {
        "selector": {
            "repositoryLocationName": webserver.location,
            "repositoryName": "__repository__",
            "pipelineName": "__ASSET_JOB",
            "assetSelection": [node["assetKey"] for node in nodes],
        },
        "mode": "default",
        "runConfigData": {},
    }
    launched = webserver.graphql(LAUNCH, {"params": params})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]

    def finished() -> dict | None:
        run = webserver.graphql(
            "query Run($id: ID!) { runOrError(runId: $id) { ... on Run { runId status } } }", {"id": run_id}
        )["runOrError"]
        return run if run["status"] in TERMINAL else None

    return wait_for(finished, 600, "the run")


def test_code_location_shows_layers_docs_kinds_and_automation(webserver: Webserver) -> None:
    nodes = webserver.graphql("{ assetNodes { assetKey { path } groupName description kinds } }")["assetNodes"]
    assert {node["groupName"] for node in nodes} == GROUPS
    by_key = {tuple(node["assetKey"]["path"]): node for node in nodes}
    assert "One row per real-world engagement" in by_key[("marts", "fct_engagements")]["description"]
    assert {"dbt", "duckdb"} <= set(by_key[("marts", "fct_engagements")]["kinds"])
    assert "python" in by_key[("publish", "analytics_db")]["kinds"]
    repositories = webserver.graphql(
        "{ repositoriesOrError { ... on RepositoryConnection { nodes { "
        "schedules { name description scheduleState { status } } "
        "sensors { name description sensorState { status } } } } } }"
    )["repositoriesOrError"]["nodes"]
    schedules = {s["name"]: s for r in repositories for s in r["schedules"]}
    sensors = {s["name"]: s for r in repositories for s in r["sensors"]}
    assert schedules["hourly_refresh"]["scheduleState"]["status"] == "STOPPED"
    assert sensors["raw_folder_sensor"]["sensorState"]["status"] == "STOPPED"
    assert schedules["hourly_refresh"]["description"] and sensors["raw_folder_sensor"]["description"]


def test_materialize_all_over_graphql(webserver: Webserver, finished_run: dict) -> None:
    assert finished_run["status"] == "SUCCESS", (webserver.workdir / "webserver.log").read_text()[-5000:]
    keys = [{"path": ["marts", "fct_engagements"]}, {"path": ["publish", "engagement_report"]}]
    nodes = webserver.graphql(MATERIALIZATION, {"keys": keys})["assetNodes"]
    entries = {tuple(n["assetKey"]["path"]): n["assetMaterializations"][0]["metadataEntries"] for n in nodes}
    facts = {e["label"]: e for e in entries[("marts", "fct_engagements")]}
    con = duckdb.connect(str(webserver.warehouse), read_only=True)
    try:
        (rows,) = con.execute("select count(*) from marts.fct_engagements").fetchone()
    finally:
        con.close()
    assert facts["dagster/row_count"]["intValue"] == rows > 0
    assert "engagement_id" in {c["name"] for c in facts["dagster/column_schema"]["schema"]["columns"]}
    charts = {e["label"]: e for e in entries[("publish", "engagement_report")]}["charts"]["mdStr"]
    assert charts.count("data:image/png;base64,") == 2
    assert (webserver.warehouse.parent / "analytics.duckdb").exists()
    assert (webserver.warehouse.parent / "report" / "index.html").exists()


def chromium(webserver: Webserver, *args: str) -> subprocess.CompletedProcess:
    profile = webserver.workdir / "chromium-profile"
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1600,1000",
        "--virtual-time-budget=20000",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


def require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing and could not be installed (`make test` installs it with apt-get as root)")


@pytest.mark.usefixtures("finished_run")
def test_asset_graph_renders_in_headless_chromium(webserver: Webserver) -> None:
    require_chromium()
    webserver.graphql("mutation { setNuxSeen }")  # no first-visit newsletter dialog over the graph
    group_page = f"{webserver.url}/locations/{webserver.location}/asset-groups/publish"
    dom = chromium(webserver, "--dump-dom", group_page).stdout
    for name in ("analytics_db", "engagement_report", "fct_engagements", "Materialized"):
        assert name in dom, f"{name} not rendered on {group_page}"
    lineage = chromium(webserver, "--dump-dom", f"{webserver.url}/asset-groups").stdout
    assert all(f">{group}<" in lineage for group in GROUPS), "the global lineage shows every layer's group"
    screenshot = webserver.workdir / "asset_graph.png"
    done = chromium(webserver, f"--screenshot={screenshot}", group_page)
    assert screenshot.exists(), done.stderr[-2000:]
    assert screenshot.read_bytes().startswith(b"\x89PNG") and screenshot.stat().st_size > 10_000
