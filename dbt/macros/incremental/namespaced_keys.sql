{#- Run at the start of every dbt invocation (on-run-start). Since schema version 3 of the log, article
    keys are namespaced by where the article comes from (`file:`, `feed:`, `url:`), and events of older
    versions are read with their namespaced keys (stg_events__article_events). Projections built before
    hold the bare keys: an incremental refresh would add a namespaced row beside each bare one it
    touches. So when the article streams still hold a bare key, every incremental model is dropped
    and this build makes it whole again (once, on the first build after the upgrade). -#}
{% macro rebuild_projections_keyed_before_namespacing() %}
    {{ return(adapter.dispatch('rebuild_projections_keyed_before_namespacing', 'news_warehouse')()) }}
{% endmacro %}

{#- Spark rebuilds every projection whole at each build (macros/portability/incremental_materialization.sql):
    there is nothing to rebuild. -#}
{% macro spark__rebuild_projections_keyed_before_namespacing() %}
{% endmacro %}

{% macro default__rebuild_projections_keyed_before_namespacing() %}
    {%- if execute -%}
        {%- set streams = namespaced_keys_relation('int_article_versions') -%}
        {%- if streams is not none and has_bare_article_keys(streams) -%}
            {%- do log("article keys are namespaced since schema version 3 of the log: rebuilding the "
                ~ "incremental projections built before, whole", info=True) -%}
            {%- for node in graph.nodes.values()
                if node.resource_type == 'model' and node.config.materialized == 'incremental' -%}
                {%- set relation = adapter.get_relation(node.database, node.schema, node.alias) -%}
                {%- if relation is not none -%}
                    {%- do adapter.drop_relation(relation) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}

{#- The built relation of the model `name`, or none. -#}
{% macro namespaced_keys_relation(name) %}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.name == name -%}
        {{ return(adapter.get_relation(node.database, node.schema, node.alias)) }}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}

{#- Whether `relation` holds an article_key without a namespace (written before schema version 3). A
    relation without the column is older still: its model's own checks say what to do. (Queries by
    `run_query`, which opens no transaction: the drops above must not be rolled back with one.) -#}
{% macro has_bare_article_keys(relation) %}
    {%- set column_query -%}
        select count(*) from information_schema.columns
        where table_catalog = '{{ relation.database }}' and table_schema = '{{ relation.schema }}'
            and table_name = '{{ relation.identifier }}' and lower(column_name) = 'article_key'
    {%- endset -%}
    {%- if run_query(column_query).rows[0][0] == 0 -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set query -%}
        select count(*) from (
            select 1 from {{ relation }}
            where article_key not like 'file:%'
                and article_key not like 'feed:%'
                and article_key not like 'url:%'
            limit 1
        ) as bare
    {%- endset -%}
    {{ return(run_query(query).rows[0][0] > 0) }}
{% endmacro %}
