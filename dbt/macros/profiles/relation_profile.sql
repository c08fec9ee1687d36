{#- A post-hook of every model and seed: log the relation's row count and column types in one line.

    dbt holds DuckDB's write lock until it exits, so the Dagster asset cannot measure the tables while
    it streams the build's events; it reads these lines instead and attaches them to each
    materialization (`dagster/row_count`, `dagster/column_schema`). Runs inside the node's
    transaction, so it sees what the node just wrote. -#}
{% macro log_relation_profile() %}
    {%- if execute -%}
        {%- do log(relation_profile_prefix() ~ tojson(adapter.dispatch('relation_profile', 'news_warehouse')()), info=True) -%}
    {%- endif -%}
{% endmacro %}

{#- The profile of `this`: schema, name, row_count, columns and their types. -#}
{% macro default__relation_profile() %}
    {%- set query -%}
        select column_name, data_type, (select count(*) from {{ this }}) as row_count
        from information_schema.columns
        where table_catalog = current_database()
            and table_schema = '{{ this.schema }}'
            and table_name = '{{ this.identifier }}'
        order by ordinal_position
    {%- endset -%}
    {%- set rows = run_query(query).rows -%}
    {%- set profile = {
        'schema': this.schema,
        'name': this.identifier,
        'row_count': rows[0][2] if rows else none,
        'columns': rows | map(attribute=0) | list,
        'types': rows | map(attribute=1) | list,
    } -%}
    {{ return(profile) }}
{% endmacro %}

{#- Spark has no information_schema: the columns as the adapter describes them, and a count. -#}
{% macro spark__relation_profile() %}
    {%- set columns = adapter.get_columns_in_relation(this) -%}
    {%- set row_count = run_query('select count(*) from ' ~ this).rows[0][0] -%}
    {{ return({
        'schema': this.schema,
        'name': this.identifier,
        'row_count': row_count,
        'columns': columns | map(attribute='name') | list,
        'types': columns | map(attribute='dtype') | list,
    }) }}
{% endmacro %}

{#- The start of every profile line (the Dagster asset looks for it). -#}
{% macro relation_profile_prefix() %}{{ return('relation profile: ') }}{% endmacro %}
