{#- The text value of a top-level field of a JSON document held in a varchar column. -#}
{% macro json_text(column, field) -%}
    {{ return(adapter.dispatch('json_text', 'news_warehouse')(column, field)) }}
{%- endmacro %}

{% macro default__json_text(column, field) -%}
    json_extract_scalar({{ column }}, '$.{{ field }}')
{%- endmacro %}

{% macro spark__json_text(column, field) -%}
    get_json_object({{ column }}, '$.{{ field }}')
{%- endmacro %}

{% macro duckdb__json_text(column, field) -%}
    json_extract_string({{ column }}, '$.{{ field }}')
{%- endmacro %}

{#- Several top-level text fields of a JSON document, parsed once, as a struct read with `alias.field`
    (one `json_text` per field would parse the document once per field). -#}
{% macro json_text_fields(column, fields) -%}
    {{ return(adapter.dispatch('json_text_fields', 'news_warehouse')(column, fields)) }}
{%- endmacro %}

{#- Spark SQL and Databricks: `from_json` with a DDL schema. -#}
{% macro default__json_text_fields(column, fields) -%}
    from_json({{ column }}, '{% for field in fields %}{{ field }} string{{ ", " if not loop.last }}{% endfor %}')
{%- endmacro %}

{% macro duckdb__json_text_fields(column, fields) -%}
    json_transform({{ column }}, '{ {%- for field in fields %}"{{ field }}": "VARCHAR"{{ ", " if not loop.last }}{% endfor -%} }')
{%- endmacro %}
