{#- The values of `measure` in a group (duplicates kept), sorted ascending and joined by `delimiter` (a SQL
    string literal). dbt-spark's listagg ignores its `order by` (a silently different result), so Spark
    sorts the collected array itself. -#}
{% macro ordered_listagg(measure, delimiter) -%}
    {{ return(adapter.dispatch('ordered_listagg', 'news_warehouse')(measure, delimiter)) }}
{%- endmacro %}

{% macro default__ordered_listagg(measure, delimiter) -%}
    {{ dbt.listagg(measure, delimiter, 'order by ' ~ measure) }}
{%- endmacro %}

{% macro spark__ordered_listagg(measure, delimiter) -%}
    array_join(array_sort(collect_list({{ measure }})), {{ delimiter }})
{%- endmacro %}
