{#- The watermarks an incremental model has reached: the highest log position and extraction
    sequence among its rows (0 for an empty model), as one row `last_position, extraction_seq`. -#}
{% macro incremental_watermark(position_column='last_position', extraction_column='extraction_seq') -%}
    {{ require_watermark_columns([position_column, extraction_column]) }}
    select
        coalesce(max({{ position_column }}), 0) as last_position,
        coalesce(max({{ extraction_column }}), 0) as extraction_seq
    from {{ this }}
{%- endmacro %}

{#- An incremental model built by an older version of the project may lack its watermark columns:
    stop with what to do rather than a binder error. (In a unit test `this` is a fixture, not a table.) -#}
{% macro require_watermark_columns(columns) -%}
    {%- if execute and is_incremental() and this is not string -%}
        {%- set existing = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
        {%- for column in columns if column | lower not in existing -%}
            {{ exceptions.raise_compiler_error(
                this ~ " was built by an older version of the models (it has no column " ~ column
                ~ "): rebuild the projections from the log with `make replay` (dbt build --full-refresh).") }}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
