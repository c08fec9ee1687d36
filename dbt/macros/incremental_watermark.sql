{#- The watermarks an incremental model has reached: the highest log position and extraction
    sequence among its rows (0 for an empty model), as one row `last_position, extraction_seq`. -#}
{% macro incremental_watermark(position_column='last_position', extraction_column='extraction_seq') -%}
    select
        coalesce(max({{ position_column }}), 0) as last_position,
        coalesce(max({{ extraction_column }}), 0) as extraction_seq
    from {{ this }}
{%- endmacro %}
