{#- `numerator / denominator` rounded to `digits` decimals, as a double (0 when the denominator is 0).
    DuckDB divides a decimal by an integer in double precision; Spark keeps a decimal, so it divides
    doubles to give the same value and type. -#}
{% macro rounded_ratio(numerator, denominator, digits) -%}
    {{ return(adapter.dispatch('rounded_ratio', 'news_warehouse')(numerator, denominator, digits)) }}
{%- endmacro %}

{% macro default__rounded_ratio(numerator, denominator, digits) -%}
    case
            when {{ denominator }} = 0 then cast(0 as {{ dbt.type_numeric() }})
            else round(cast({{ numerator }} as {{ dbt.type_numeric() }}) / {{ denominator }}, {{ digits }})
        end
{%- endmacro %}

{% macro spark__rounded_ratio(numerator, denominator, digits) -%}
    case
            when {{ denominator }} = 0 then cast(0 as double)
            else round(cast({{ numerator }} as double) / {{ denominator }}, {{ digits }})
        end
{%- endmacro %}
