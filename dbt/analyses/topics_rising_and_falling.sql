-- Which topics rose or fell this month against the last?
-- Occurred engagements per top-level topic in "this month" and the month before, with the change.
-- This month is the latest month with engagements in the warehouse, or the `month` variable:
--   dbt compile --select topics_rising_and_falling --vars '{month: "2025-02-01"}'
with monthly as (

    select
        topic,
        period_start,
        engagements
    from {{ ref('mart_engagement_frequency_by_topic') }}
    where grain = 'month'

),

this_month as (

    {% if var('month', none) %}
    select cast(date_trunc('month', cast('{{ var("month") }}' as date)) as date) as period_start
    {% else %}
    select max(period_start) as period_start from monthly
    where engagements > 0
    {% endif %}

),

topics as (

    select topic from {{ ref('dim_topic') }}
    where is_top_level

),

compared as (

    select
        topics.topic,
        this_month.period_start as this_month,
        coalesce(current_counts.engagements, 0) as engagements_this_month,
        coalesce(previous_counts.engagements, 0) as engagements_last_month
    from topics
    cross join this_month
    left join monthly as current_counts
        on topics.topic = current_counts.topic
        and this_month.period_start = current_counts.period_start
    left join monthly as previous_counts
        on topics.topic = previous_counts.topic
        and previous_counts.period_start = cast(this_month.period_start - interval 1 month as date)

)

select
    topic,
    this_month,
    engagements_this_month,
    engagements_last_month,
    engagements_this_month - engagements_last_month as change,
    case
        when engagements_this_month > engagements_last_month then 'rose'
        when engagements_this_month < engagements_last_month then 'fell'
        else 'steady'
    end as direction
from compared
order by abs(engagements_this_month - engagements_last_month) desc, engagements_this_month desc, topic asc
