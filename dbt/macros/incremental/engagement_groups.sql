{#- Cluster-level models are incremental by engagement group (the reports of one type, status and
    set of participants). int_engagement_clusters stamps every row of the groups it recomputes with
    the watermarks reached (`refreshed_position`, `refreshed_extraction_seq`); a model built on it
    recomputes the groups stamped after its own rows. -#}
{% macro refreshed_cluster_rows(clusters) -%}
    {{ require_watermark_columns(['refreshed_position', 'refreshed_extraction_seq']) }}
    select * from {{ clusters }}
    {%- if is_incremental() %}
    where refreshed_position > (select coalesce(max(refreshed_position), 0) from {{ this }})
        or refreshed_extraction_seq > (select coalesce(max(refreshed_extraction_seq), 0) from {{ this }})
    {%- endif %}
{%- endmacro %}

{#- The groups of `refreshed` (cluster rows) without a row in `built`: one tombstone row each, so that
    the delete+insert of a refresh also removes what a group no longer has (its mentions, its topics). -#}
{% macro group_tombstones(refreshed, built) -%}
    select distinct engagement_group, refreshed_position, refreshed_extraction_seq
    from {{ refreshed }}
    where engagement_group not in (select engagement_group from {{ built }})
{%- endmacro %}
