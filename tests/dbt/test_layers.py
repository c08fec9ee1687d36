"""The dbt layers read downward only, and every model has its own yml beside it (checked on the manifest
`make setup` parses, so a model that reads upward fails here before any build)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster_project.settings import DBT_PROJECT_DIR

# What each layer may read: staging reads the sources and seeds; intermediate reads staging and itself;
# marts read intermediate, and staging for plain dimensions.
MAY_READ = {
    "staging": {"source", "seed"},
    "intermediate": {"staging", "intermediate"},
    "marts": {"intermediate", "staging"},
}


def _layer(node: Mapping[str, Any]) -> str:
    if node["resource_type"] in ("source", "seed"):
        return str(node["resource_type"])
    return Path(node["original_file_path"]).parts[1]  # models/<layer>/...


def upward_reads(manifest: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(model, what it reads) for every read the layers do not allow."""
    nodes = {**manifest["nodes"], **manifest["sources"]}
    found = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        layer = _layer(node)
        for parent in node["depends_on"]["nodes"]:
            if _layer(nodes[parent]) not in MAY_READ.get(layer, set()):
                found.append((node["name"], nodes[parent]["name"]))
    return found


def _manifest() -> dict[str, Any]:
    return json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text(encoding="utf-8"))


def test_models_read_only_the_layers_below_them() -> None:
    assert upward_reads(_manifest()) == []


def test_the_check_finds_a_model_that_reads_upward() -> None:
    def model(name: str, layer: str, reads: list[str]) -> dict[str, Any]:
        return {
            "resource_type": "model",
            "name": name,
            "original_file_path": f"models/{layer}/{name}.sql",
            "depends_on": {"nodes": reads},
        }

    manifest = {
        "nodes": {
            "a": model("stg_a", "staging", ["s"]),
            "b": model("int_b", "intermediate", ["a", "c"]),
            "c": model("fct_c", "marts", ["a"]),
            "d": model("stg_d", "staging", ["a"]),
        },
        "sources": {"s": {"resource_type": "source", "name": "s", "original_file_path": "models/staging/_s.yml"}},
    }
    assert upward_reads(manifest) == [("int_b", "fct_c"), ("stg_d", "stg_a")]


def test_every_model_has_its_own_yml_beside_it() -> None:
    models = sorted((DBT_PROJECT_DIR / "models").rglob("*.sql"))
    assert models
    assert [m.name for m in models if not m.with_suffix(".yml").exists()] == []
