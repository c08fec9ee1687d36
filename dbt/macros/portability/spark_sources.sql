{#- Run at the start of every dbt invocation (on-run-start). DuckDB holds the sources in the warehouse
    file itself; Spark reads them from the Parquet mirror of the log, one folder per table at
    `<PARQUET_MIRROR_DIR>/<schema>/<table>` (default `<dir of WAREHOUSE_DB>/parquet`): each run
    (re)registers every source table over its folder (with the partitions found in it), so a new version
    of the mirror is read as is.
    A partition column of the files (`log_segment`) is an extra column no staging model selects. -#}
{% macro register_parquet_sources() -%}
    {{ return(adapter.dispatch('register_parquet_sources', 'news_warehouse')()) }}
{%- endmacro %}

{% macro default__register_parquet_sources() -%}
{%- endmacro %}

{% macro spark__register_parquet_sources() -%}
    {%- if execute -%}
        {%- for schema, tables in parquet_source_tables().items() -%}
            {%- do run_query('create schema if not exists ' ~ schema) -%}
            {%- for table in tables -%}
                {%- do run_query('drop table if exists ' ~ schema ~ '.' ~ table) -%}
                {%- do run_query('create table ' ~ schema ~ '.' ~ table ~ ' using parquet location '
                    ~ dbt.string_literal(parquet_mirror_dir() ~ '/' ~ schema ~ '/' ~ table)) -%}
                {#- A partitioned folder's partitions reach the metastore only when recovered. -#}
                {%- set description = run_query('describe table ' ~ schema ~ '.' ~ table) -%}
                {%- if '# Partition Information' in description.columns[0].values() -%}
                    {%- do run_query('msck repair table ' ~ schema ~ '.' ~ table) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#- The source tables read from the mirror, by schema (events.legacy_article_keys is read beside the log). -#}
{% macro parquet_source_tables() -%}
    {{ return({
        'events': ['article_events', 'legacy_article_keys'],
        'extraction': ['processed_events', 'engagement_mentions', 'mention_participants', 'mention_topics',
                       'article_topics', 'diagnostics'],
    }) }}
{%- endmacro %}

{#- The root of the Parquet mirror: PARQUET_MIRROR_DIR, else `parquet` beside the warehouse file. -#}
{% macro parquet_mirror_dir() -%}
    {%- set warehouse_db = env_var('WAREHOUSE_DB', '../warehouse/warehouse.duckdb') -%}
    {%- set warehouse_dir = warehouse_db.rsplit('/', 1)[0] if '/' in warehouse_db else '.' -%}
    {{ return(env_var('PARQUET_MIRROR_DIR', warehouse_dir ~ '/parquet')) }}
{%- endmacro %}
