# Two commands on a fresh machine: `make run` and `make test`. Everything else is set up by them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := $(CURDIR)/.venv
TOOLS := $(CURDIR)/.tools
UV := $(TOOLS)/bin/uv
UV_VERSION := 0.13.9
BIN := $(VENV)/bin

RAW_DIR ?= raw
WAREHOUSE_DB ?= warehouse/warehouse.duckdb
export RAW_DIR WAREHOUSE_DB
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export UV_PROJECT_ENVIRONMENT := $(VENV)
export DAGSTER_DISABLE_TELEMETRY := 1

# The engine dbt builds on: dev (DuckDB, the default), spark (a local Spark session, SPARK_MASTER, default
# local[2]) or spark_connect (a Spark Connect server at SPARK_REMOTE). The Spark targets run from their own
# environment, .venv-spark, installed from the same lock (`make spark-env`); the default one never holds Spark.
DBT_TARGET ?= dev
export DBT_TARGET
SPARK_VENV := $(CURDIR)/.venv-spark
SPARK_BIN := $(SPARK_VENV)/bin
ifneq ($(filter spark%,$(DBT_TARGET)),)
RUN_BIN := $(SPARK_BIN)
RUN_SETUP := spark-setup
else
RUN_BIN := $(BIN)
RUN_SETUP := setup
endif

.PHONY: setup run test dev lint manifest clean eval replay as-of bench bench-compare bench-scale sql export analyses docs chromium \
	dbt-unit-tests spark-env spark-setup java test-spark bench-spark

setup: $(VENV)/.synced dbt/target/manifest.json $(DAGSTER_HOME)/dagster.yaml

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet --compile-bytecode
	touch $@

# The dbt manifest Dagster loads its dbt assets from; `dbt parse` never opens the warehouse. Parsed
# with the warehouse path the builds use, so that the first build reuses the parse (dbt keys it on the profile).
dbt/target/manifest.json: $(VENV)/.synced dbt/dbt_project.yml $(shell find dbt/models dbt/macros dbt/tests seeds -type f 2>/dev/null)
	cd dbt && DBT_TARGET=dev WAREHOUSE_DB=$(abspath $(WAREHOUSE_DB)) $(BIN)/dbt parse --quiet --profiles-dir .
	touch $@

manifest: dbt/target/manifest.json

# The Spark environment: the project, the dev tools and the `spark` group of the same lock (pyspark with its
# Spark Connect client, dbt-spark), beside the default environment; Java 17 where it is missing.
$(SPARK_VENV)/.synced: pyproject.toml uv.lock | $(UV)
	UV_PROJECT_ENVIRONMENT=$(SPARK_VENV) $(UV) sync --frozen --quiet --compile-bytecode --group spark
	touch $@

spark-env: $(SPARK_VENV)/.synced java

# The manifest of the Spark targets, parsed apart from DuckDB's (dbt/target-spark).
dbt/target-spark/manifest.json: $(SPARK_VENV)/.synced dbt/dbt_project.yml $(shell find dbt/models dbt/macros dbt/tests seeds -type f 2>/dev/null)
	cd dbt && DBT_TARGET=spark WAREHOUSE_DB=$(abspath $(WAREHOUSE_DB)) $(SPARK_BIN)/dbt parse --quiet \
		--profiles-dir . --target-path target-spark
	touch $@

spark-setup: setup spark-env dbt/target-spark/manifest.json

# Java 17 (Debian's headless runtime) for Spark, installed when missing and we are root.
java:
	@if ! command -v java >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing Java 17 (apt-get)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
		else echo "Spark needs Java 17: install openjdk-17-jre-headless" >&2; exit 1; fi; \
	fi

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

# Build the warehouse from RAW_DIR through Dagster (every asset), then print the topic mart. A pre-flight
# first marks runs that were killed failed and frees their pool slots (dagster_project/defs/launch.py).
run: $(RUN_SETUP)
	$(RUN_BIN)/python -m dagster_project.defs.launch run
	$(RUN_BIN)/python -m dagster_project.analytics.summary

# Rebuild every projection from the log (re-extract and `dbt build --full-refresh`), through Dagster.
replay: setup
	$(BIN)/python -m dagster_project.defs.launch replay
	$(BIN)/python -m dagster_project.analytics.summary

# Build the projections as they were at log position POSITION (or at time AS_OF); `make run` returns to now.
# The values reach the run config from the environment, parsed and validated (never through shell text).
as-of: setup
	$(BIN)/python -m dagster_project.defs.launch as-of
	$(BIN)/python -m dagster_project.analytics.summary

# sqlfluff on the dbt SQL (.sqlfluff: dbt templater, duckdb). Compiling the models needs no data: it runs against
# a throwaway database named like the warehouse, so it never waits for a refresh.
SQLFLUFF_LINT = tmp=$$(mktemp -d) && DBT_TARGET=dev WAREHOUSE_DB=$$tmp/$(notdir $(WAREHOUSE_DB)) $(BIN)/sqlfluff lint dbt; \
	rc=$$?; rm -rf $$tmp; exit $$rc

test: setup chromium
	$(BIN)/ruff check .
	@$(SQLFLUFF_LINT)
	DBT_TARGET=dev $(BIN)/pytest
	$(MAKE) test-spark DBT_TARGET=dev

# The scale-out path, proven: in the Spark environment, the tests of tests/scaleout (the Parquet mirror, the
# extraction on Spark equal to DuckDB's, and the warehouse built through Dagster on Spark with every relation
# and the dbt data and unit tests checked against DuckDB's build of the same log).
test-spark: spark-setup
	$(SPARK_BIN)/python -m pytest tests/scaleout -p no:cacheprovider

dev: $(RUN_SETUP)
	$(BIN)/dagster dev -m dagster_project.definitions -h 127.0.0.1 -p $${PORT:-3000}

lint: setup
	$(BIN)/ruff check .
	@$(SQLFLUFF_LINT)

clean:
	rm -rf dbt/target dbt/target-spark dbt/logs .dagster_home warehouse

# Score extraction on labelled corpus folders through the whole pipeline, one table at the end (default: dev/ and
# wide/ to develop on, check/ to measure only, never to tune on).
CORPUS ?= ../shared/corpus/dev ../shared/corpus/wide ../shared/corpus/check
eval: setup
	$(BIN)/python -m tools.evaluation $(CORPUS) $(EVAL_ARGS)

# Benchmark (README "Benchmarks"): a synthetic corpus of N articles through every stage, in child
# processes; REPEAT runs per stage (medians); figures in warehouse/bench/bench-N<N>.json or BENCH_OUT.
N ?= 100000
REPEAT ?= 1
SIZES ?= 10000 100000
bench: setup
	$(BIN)/python -m tools.bench run --n $(N) --repeat $(REPEAT) $(if $(BENCH_OUT),--out $(BENCH_OUT)) $(BENCH_ARGS)

# The same benchmark at each of SIZES (default 10k and 100k), then the refresh and total ratios. Every
# size gets the same refresh, REFRESH_NEW new articles and a tenth as many revised (the refresh goal:
# +1,000 on 100k against the same on 10k); REFRESH_NEW= (empty) gives each size 1% and 0.1% of itself.
REFRESH_NEW ?= 1000
bench-compare: setup
	$(BIN)/python -m tools.bench compare --sizes $(SIZES) --repeat $(REPEAT) \
		$(if $(REFRESH_NEW),--refresh-new $(REFRESH_NEW)) $(if $(BENCH_OUT),--out $(BENCH_OUT)) $(BENCH_ARGS)

# The scale goal: 100k against 1M articles (time ratio and peak memory).
bench-scale: setup
	$(BIN)/python -m tools.bench compare --sizes 100000 1000000 --repeat $(REPEAT) $(if $(BENCH_OUT),--out $(BENCH_OUT)) $(BENCH_ARGS)

# The scale-out benchmark (README "Scale out on Spark"): the Spark path through Dagster at each of SPARK_SIZES
# and SPARK_MASTERS, beside DuckDB on the same corpus; figures in warehouse/bench/spark/ or BENCH_OUT.
SPARK_SIZES ?= $(if $(filter command line,$(origin N)),$(N),1000 10000)
SPARK_MASTERS ?= local[1] local[2]
bench-spark: spark-setup
	$(SPARK_BIN)/python -m tools.bench spark --sizes $(SPARK_SIZES) --masters $(foreach m,$(SPARK_MASTERS),'$(m)') \
		$(if $(BENCH_OUT),--out $(BENCH_OUT))

# Headless Chromium (Debian's package) for the browser test of the Dagster UI: installed when missing
# and we are root; where it cannot be installed, that one test skips and says why.
CHROMIUM := /usr/bin/chromium
chromium:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing chromium (apt-get)"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
			|| echo "chromium could not be installed: the browser test will skip"; \
	fi

# dbt's unit tests: the tricky SQL on fixed inputs. Builds leave them out, as dbt recommends for
# production; `make test` runs them. They read their inputs' column types from a built warehouse.
dbt-unit-tests: setup
	cd dbt && DBT_TARGET=dev WAREHOUSE_DB=$(abspath $(WAREHOUSE_DB)) $(BIN)/dbt test --quiet --profiles-dir . \
		--select 'test_type:unit' --target-path target/unit-tests

# An interactive SQL prompt on the published, read-only analytics database (never blocks a refresh); with
# DBT_TARGET=spark, Spark's own spark-sql prompt on the metastore of the marts built there (not during a build).
sql: $(RUN_SETUP)
	$(if $(filter spark,$(DBT_TARGET)),$(SPARK_BIN)/python -m dagster_project.scaleout.spark_sql shell,$(BIN)/python -m dagster_project.analytics.sql_prompt)

# Export every published table (marts and reference dimensions) to CSV and Parquet, from analytics.duckdb:
# into EXPORT_DIR (default: exports/ beside it); EXPORT_FORMATS=csv or parquet for one format only.
export: setup
	$(BIN)/python -m dagster_project.analytics.export

# Compile the example analyses (dbt/analyses) for `.analysis NAME` in `make sql`; VARS='{topic: trade}'
# sets their variables. Compiling needs no data: it runs against a throwaway database named like the
# warehouse, so it never waits for a refresh.
analyses: setup
	@tmp=$$(mktemp -d) && cd dbt && DBT_TARGET=dev WAREHOUSE_DB=$$tmp/$(notdir $(WAREHOUSE_DB)) $(BIN)/dbt compile --quiet \
		--profiles-dir . --select 'resource_type:analysis' --target-path target/analyses $(if $(VARS),--vars '$(VARS)'); \
		rc=$$?; rm -rf $$tmp; exit $$rc
	@ls dbt/target/analyses/compiled/news_warehouse/analyses

# Generate the dbt documentation site from the built warehouse and serve it on http://127.0.0.1:$(DOCS_PORT).
# `dbt docs generate` reads the warehouse's catalog: it needs the file built and not being written.
DOCS_PORT ?= 8080
docs: setup
	@test -f "$(WAREHOUSE_DB)" || { echo "No warehouse at $(WAREHOUSE_DB): build it first with 'make run'." >&2; exit 1; }
	cd dbt && DBT_TARGET=dev WAREHOUSE_DB=$(abspath $(WAREHOUSE_DB)) $(BIN)/dbt docs generate --quiet --profiles-dir . \
		--target-path target/docs \
		|| { echo "dbt docs generate failed: is a refresh writing the warehouse? Try again when it ends." >&2; exit 1; }
	cd dbt && DBT_TARGET=dev $(BIN)/dbt docs serve --profiles-dir . --target-path target/docs --host 127.0.0.1 --port $(DOCS_PORT) --no-browser
