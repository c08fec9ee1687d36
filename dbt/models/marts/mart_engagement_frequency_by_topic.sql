-- Occurred engagements per top-level topic and period (week and month), with the period's share
-- and the change against the previous period. Periods with no engagement on a topic count zero.
-- Computed incrementally by period in int_topic_periods.
{{ config(materialized='view') }}

with topic_periods as (

    select * from {{ ref('int_topic_periods') }}

),

final as (

    select
        topic,
        grain,
        period_start,
        engagements,
        articles,
        distinct_country_pairs,
        period_engagements,
        share_of_period,
        change_vs_previous_period
    from topic_periods

)

select * from final
