{#- Lists of strings: the sorted distinct values of a group, and the empty list. -#}

{#- The distinct non-null values of `measure` in a group as an array, sorted ascending. -#}
{% macro sorted_distinct_list(measure) -%}
    {{ return(adapter.dispatch('sorted_distinct_list', 'news_warehouse')(measure)) }}
{%- endmacro %}

{% macro default__sorted_distinct_list(measure) -%}
    list_sort(list(distinct {{ measure }}))
{%- endmacro %}

{% macro spark__sorted_distinct_list(measure) -%}
    array_sort(collect_set({{ measure }}))
{%- endmacro %}

{#- An empty array of strings (the value of a list column for a row without any). -#}
{% macro empty_string_list() -%}
    {{ return(adapter.dispatch('empty_string_list', 'news_warehouse')()) }}
{%- endmacro %}

{% macro default__empty_string_list() -%}
    cast([] as varchar[])
{%- endmacro %}

{% macro spark__empty_string_list() -%}
    cast(array() as array<string>)
{%- endmacro %}
