-- The weeks and months in which each engagement group's occurred, dated engagements fall, appended
-- every time a refresh recomputes the group, with one row without a period marking the recompute.
-- Append-only: the topic mart finds in it the periods a changed group covers now and covered before.
{{ config(materialized='incremental', incremental_strategy='append') }}

with engagements as (

    select * from {{ ref('int_engagements') }}

),

recomputed as (

    {{ refreshed_cluster_rows('engagements') }}

),

occurred as (

    select engagement_group, engagement_date, refreshed_position, refreshed_extraction_seq
    from recomputed
    where status = 'occurred' and engagement_date is not null

),

periods as (

    select
        engagement_group,
        'week' as grain,
        cast({{ dbt.date_trunc('week', 'engagement_date') }} as date) as period_start,
        refreshed_position,
        refreshed_extraction_seq
    from occurred
    union all
    select
        engagement_group,
        'month' as grain,
        cast({{ dbt.date_trunc('month', 'engagement_date') }} as date) as period_start,
        refreshed_position,
        refreshed_extraction_seq
    from occurred
    union all
    select
        engagement_group,
        cast(null as {{ dbt.type_string() }}) as grain,
        cast(null as date) as period_start,
        refreshed_position,
        refreshed_extraction_seq
    from recomputed

),

final as (

    select distinct * from periods

)

select * from final
