-- The occurred engagements of a pair and period are the sum of those of each type, and the change
-- is measured against the same pair's count in the period before.
with pair_periods as (

    select * from {{ ref('mart_engagement_frequency_by_country_pair') }}

),

mismatches as (

    select *
    from pair_periods
    where engagements != phone_calls + visits + meetings + multilateral_meetings + letters
        or change_vs_previous_period != engagements - previous_period_engagements
        or (engagements = 0 and planned_engagements = 0 and previous_period_engagements = 0)

)

select * from mismatches
