{#- The materialization of an incremental model: `incremental` where the engine can replace a model's
    rows in place (DuckDB: delete+insert), `table` (a full rebuild) on Spark, whose plain Parquet tables
    support neither delete nor merge. Design for when a table format (Delta, Iceberg) is available:
    delete-then-insert by group (`engagement_group`, `article_key`) as `insert overwrite` of the changed
    groups, and `merge` on `unique_key` for keyed models; the watermark and tombstone logic stays as is. -#}
{% macro incremental_materialization() -%}
    {{ return(adapter.dispatch('incremental_materialization', 'news_warehouse')()) }}
{%- endmacro %}

{% macro default__incremental_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__incremental_materialization() -%}
    {{ return('table') }}
{%- endmacro %}
