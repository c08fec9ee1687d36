-- The weeks and months in which each engagement group's occurred, dated engagements fall, appended
-- every time a refresh recomputes the group, with one row without a period marking the recompute.
-- Append-only: the topic mart finds in it the periods a changed group covers now and covered before.
{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='append',
) }}

with engagements as (

    select * from {{ ref('int_engagements') }}

),

recomputed as (

    {{ refreshed_cluster_rows('engagements') }}

),

periods as (

    {{ occurred_engagement_periods(
        'recomputed', ['engagement_group', 'refreshed_position', 'refreshed_extraction_seq']
    ) }}
    union all
    select
        engagement_group,
        refreshed_position,
        refreshed_extraction_seq,
        cast(null as {{ dbt.type_string() }}) as grain,
        cast(null as date) as period_start
    from recomputed

),

final as (

    select distinct * from periods

)

select * from final
