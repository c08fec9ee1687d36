{#- Limit a read of the event log to what it held at `as_of_position` / `as_of`, when set. -#}
{% macro as_of_filter(position_column='position', recorded_at_column='recorded_at') -%}
    {%- set conditions = [] -%}
    {%- if var('as_of_position') is not none -%}
        {%- do conditions.append(position_column ~ ' <= ' ~ (var('as_of_position') | int)) -%}
    {%- endif -%}
    {%- if var('as_of') is not none -%}
        {%- do conditions.append(recorded_at_column ~ ' <= ' ~ dbt.cast(dbt.string_literal(var('as_of')), api.Column.translate_type('timestamp'))) -%}
    {%- endif -%}
    {%- if conditions -%} where {{ conditions | join(' and ') }} {%- endif -%}
{%- endmacro %}
