"""The package's import rules, read from the source with `ast`: Dagster only in `defs/`, stages read downward
(shared helpers <- ingest <- extraction <- scaleout <- analytics <- defs <- definitions), nothing imports
`tools`, and pyspark only in the Spark jobs, which no module imports (they run as processes of the Spark env)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import PROJECT_ROOT

PACKAGE = "dagster_project"
DAGSTER = frozenset({"dagster", "dagster_dbt"})
# Each part of the package by its place in the order of imports: a module may import its own rank or lower.
RANKS = {
    "settings": 0,
    "seed_state": 0,
    "ingest": 1,
    "extraction": 2,
    "scaleout": 3,
    "analytics": 4,
    "defs": 5,
    "definitions": 6,
}
# The only modules that may import pyspark (Spark jobs); no module of the package imports them.
SPARK_JOBS = frozenset({f"{PACKAGE}.scaleout.spark_extraction", f"{PACKAGE}.scaleout.spark_sql"})


def module_name(path: Path, root: Path) -> str:
    """`dagster_project.ingest.pipeline` for root/dagster_project/ingest/pipeline.py (packages without `__init__`)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(tree: ast.Module, name: str, is_package: bool) -> set[str]:
    """Every module an `import` or `from ... import` names, anywhere in the module (lazy imports included);
    `from dagster_project.x import name` also counts as importing `dagster_project.x.name` (it may be a module),
    relative imports are resolved."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            if base.split(".")[0] == PACKAGE:  # `from dagster_project import settings` imports a module
                found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def rank_of(module: str) -> int | None:
    """The rank of a module of the package (None for the package itself and for other packages)."""
    parts = module.split(".")
    return RANKS.get(parts[1]) if parts[0] == PACKAGE and len(parts) > 1 else None


def violations(root: Path) -> list[str]:
    """Every import under root/dagster_project that breaks a rule, as `module: what`."""
    found = []
    for path in sorted((root / PACKAGE).rglob("*.py")):
        name = module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        own = rank_of(name)
        for imported in sorted(imported_modules(tree, name, path.name == "__init__.py")):
            top = imported.split(".")[0]
            if top in DAGSTER and own not in (RANKS["defs"], RANKS["definitions"]):
                found.append(f"{name}: imports {imported} outside the Dagster layer")
            if top == "tools":
                found.append(f"{name}: imports {imported}, a tool outside the code location")
            if top == "pyspark" and name not in SPARK_JOBS:
                found.append(f"{name}: imports {imported} outside the Spark job")
            if imported in SPARK_JOBS:
                found.append(f"{name}: imports {imported}, the Spark job (run it as a process)")
            rank = rank_of(imported)
            if own is None and rank is not None:
                found.append(f"{name}: the package's own __init__ imports {imported}")
            elif rank is not None and own is not None and rank > own:
                found.append(f"{name}: imports {imported}, a layer above its own")
        if own is None and name != PACKAGE:
            found.append(f"{name}: a module outside the known parts of the package {sorted(RANKS)}")
    return found


def name_collisions(root: Path) -> list[str]:
    """Modules named like a package beside them (`ingest.py` next to `ingest/`)."""
    return sorted(
        str(path.relative_to(root))
        for path in (root / PACKAGE).rglob("*.py")
        if (path.parent / path.stem).is_dir()
    )


def test_the_package_keeps_its_import_rules() -> None:
    assert violations(PROJECT_ROOT) == []


def test_no_module_is_named_like_a_package_beside_it() -> None:
    assert name_collisions(PROJECT_ROOT) == []


PLANTED = {
    "settings.py": "import os\n",
    "ingest/bad.py": "import dagster as dg\nfrom dagster_project.extraction import store\n\n"
    "def later():\n    from dagster_project.defs.resources import build_resources\n",
    "extraction/up.py": "from dagster_project.analytics.publish import open_published\n",
    "extraction/relative.py": "from ..analytics import report\n",
    "analytics/tool.py": "from tools.bench import corpus\nfrom dagster_dbt import DbtProject\n",
    "analytics/fine.py": "from dagster_project import settings\nfrom dagster_project.ingest import x\n",
    "scaleout/spark_extraction.py": "import pyspark\nfrom dagster_project.extraction import store\n",
    "scaleout/mirror.py": "from pyspark.sql import SparkSession\nfrom dagster_project.analytics import fine\n",
    "analytics/runs_spark.py": "from dagster_project.scaleout import mirror\n"
    "from dagster_project.scaleout.spark_extraction import main\n",
    "defs/assets.py": "import dagster as dg\nfrom dagster_project.analytics import fine\n",
    "stray.py": "",
}


def test_the_checker_finds_planted_violations(tmp_path: Path) -> None:
    package = tmp_path / PACKAGE
    for folder in ("", "ingest", "extraction", "scaleout", "analytics", "defs"):
        (package / folder).mkdir(parents=True, exist_ok=True)
        (package / folder / "__init__.py").write_text("")
    for relative, source in PLANTED.items():
        (package / relative).write_text(source)
    above = "a layer above its own"
    assert violations(tmp_path) == [
        "dagster_project.analytics.runs_spark: imports dagster_project.scaleout.spark_extraction, "
        "the Spark job (run it as a process)",
        "dagster_project.analytics.tool: imports dagster_dbt outside the Dagster layer",
        "dagster_project.analytics.tool: imports tools.bench, a tool outside the code location",
        f"dagster_project.extraction.relative: imports dagster_project.analytics, {above}",
        f"dagster_project.extraction.relative: imports dagster_project.analytics.report, {above}",
        f"dagster_project.extraction.up: imports dagster_project.analytics.publish, {above}",
        f"dagster_project.extraction.up: imports dagster_project.analytics.publish.open_published, {above}",
        "dagster_project.ingest.bad: imports dagster outside the Dagster layer",
        f"dagster_project.ingest.bad: imports dagster_project.defs.resources, {above}",
        f"dagster_project.ingest.bad: imports dagster_project.defs.resources.build_resources, {above}",
        f"dagster_project.ingest.bad: imports dagster_project.extraction, {above}",
        f"dagster_project.ingest.bad: imports dagster_project.extraction.store, {above}",
        f"dagster_project.scaleout.mirror: imports dagster_project.analytics, {above}",
        f"dagster_project.scaleout.mirror: imports dagster_project.analytics.fine, {above}",
        "dagster_project.scaleout.mirror: imports pyspark.sql outside the Spark job",
        "dagster_project.stray: a module outside the known parts of the package "
        "['analytics', 'definitions', 'defs', 'extraction', 'ingest', 'scaleout', 'seed_state', 'settings']",
    ]
    (package / "ingest.py").write_text("")
    assert name_collisions(tmp_path) == ["dagster_project/ingest.py"]
