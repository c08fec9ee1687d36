{#- The ISO day of the week of a date: 1 (Monday) to 7 (Sunday). -#}
{% macro iso_day_of_week(date_expression) -%}
    {{ return(adapter.dispatch('iso_day_of_week', 'news_warehouse')(date_expression)) }}
{%- endmacro %}

{% macro default__iso_day_of_week(date_expression) -%}
    extract(isodow from {{ date_expression }})
{%- endmacro %}

{% macro spark__iso_day_of_week(date_expression) -%}
    cast(extract(dayofweek_iso from {{ date_expression }}) as bigint)
{%- endmacro %}
