{#- The text value of a top-level field of a JSON document held in a varchar column. -#}
{% macro json_text(column, field) -%}
    {{ return(adapter.dispatch('json_text', 'news_warehouse')(column, field)) }}
{%- endmacro %}

{% macro default__json_text(column, field) -%}
    json_extract_scalar({{ column }}, '$.{{ field }}')
{%- endmacro %}

{% macro duckdb__json_text(column, field) -%}
    json_extract_string({{ column }}, '$.{{ field }}')
{%- endmacro %}
