-- Occurred engagements per top-level topic and period (week and month), with the period's share
-- and the change against the previous period. Periods with no engagement on a topic count zero.
with engagements as (

    select * from {{ ref('fct_engagements') }}

),

engagement_topics as (

    select * from {{ ref('fct_engagement_topics') }}

),

participants as (

    select * from {{ ref('fct_engagement_participants') }}

),

mentions as (

    select * from {{ ref('fct_engagement_mentions') }}

),

topics as (

    select * from {{ ref('dim_topic') }} where is_top_level

),

calendar as (

    select * from {{ ref('dim_date') }}

),

occurred as (

    select engagement_id, engagement_date
    from engagements
    where status = 'occurred' and engagement_date is not null

),

engagement_periods as (

    select engagement_id, 'week' as grain, cast({{ dbt.date_trunc('week', 'engagement_date') }} as date) as period_start
    from occurred
    union all
    select engagement_id, 'month' as grain, cast({{ dbt.date_trunc('month', 'engagement_date') }} as date) as period_start
    from occurred

),

periods as (

    select distinct 'week' as grain, week_start as period_start from calendar
    union all
    select distinct 'month' as grain, month_start as period_start from calendar

),

active_range as (

    select grain, min(period_start) as first_period, max(period_start) as last_period
    from engagement_periods
    group by grain

),

topic_periods as (

    select periods.grain, periods.period_start, topics.topic
    from periods
    inner join active_range
        on periods.grain = active_range.grain
        and periods.period_start between active_range.first_period and active_range.last_period
    cross join topics

),

country_pairs as (

    select
        a.engagement_id,
        {{ dbt.concat(['a.country_code', "'-'", 'b.country_code']) }} as country_pair
    from participants as a
    inner join participants as b
        on a.engagement_id = b.engagement_id
        and a.country_code < b.country_code

),

topic_engagements as (

    select
        engagement_periods.grain,
        engagement_periods.period_start,
        engagement_topics.topic,
        engagement_periods.engagement_id
    from engagement_periods
    inner join engagement_topics on engagement_periods.engagement_id = engagement_topics.engagement_id

),

-- Each count joins the topic's engagements with one table only: joining mentions and country pairs
-- together would multiply the rows (engagements x articles x pairs) before counting.
engagement_counts as (

    select grain, period_start, topic, count(distinct engagement_id) as engagements
    from topic_engagements
    group by grain, period_start, topic

),

article_counts as (

    select
        topic_engagements.grain,
        topic_engagements.period_start,
        topic_engagements.topic,
        count(distinct mentions.article_id) as articles
    from topic_engagements
    inner join mentions on topic_engagements.engagement_id = mentions.engagement_id
    group by topic_engagements.grain, topic_engagements.period_start, topic_engagements.topic

),

pair_counts as (

    select
        topic_engagements.grain,
        topic_engagements.period_start,
        topic_engagements.topic,
        count(distinct country_pairs.country_pair) as distinct_country_pairs
    from topic_engagements
    inner join country_pairs on topic_engagements.engagement_id = country_pairs.engagement_id
    group by topic_engagements.grain, topic_engagements.period_start, topic_engagements.topic

),

topic_counts as (

    select
        engagement_counts.grain,
        engagement_counts.period_start,
        engagement_counts.topic,
        engagement_counts.engagements,
        coalesce(article_counts.articles, 0) as articles,
        coalesce(pair_counts.distinct_country_pairs, 0) as distinct_country_pairs
    from engagement_counts
    left join article_counts
        on engagement_counts.grain = article_counts.grain
        and engagement_counts.period_start = article_counts.period_start
        and engagement_counts.topic = article_counts.topic
    left join pair_counts
        on engagement_counts.grain = pair_counts.grain
        and engagement_counts.period_start = pair_counts.period_start
        and engagement_counts.topic = pair_counts.topic

),

period_totals as (

    select grain, period_start, count(distinct engagement_id) as period_engagements
    from engagement_periods
    group by grain, period_start

),

filled as (

    select
        topic_periods.topic,
        topic_periods.grain,
        topic_periods.period_start,
        coalesce(topic_counts.engagements, 0) as engagements,
        coalesce(topic_counts.articles, 0) as articles,
        coalesce(topic_counts.distinct_country_pairs, 0) as distinct_country_pairs,
        coalesce(period_totals.period_engagements, 0) as period_engagements
    from topic_periods
    left join topic_counts
        on topic_periods.grain = topic_counts.grain
        and topic_periods.period_start = topic_counts.period_start
        and topic_periods.topic = topic_counts.topic
    left join period_totals
        on topic_periods.grain = period_totals.grain
        and topic_periods.period_start = period_totals.period_start

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
        case
            when period_engagements = 0 then cast(0 as {{ dbt.type_numeric() }})
            else round(cast(engagements as {{ dbt.type_numeric() }}) / period_engagements, 4)
        end as share_of_period,
        engagements - lag(engagements) over (partition by topic, grain order by period_start) as change_vs_previous_period
    from filled

)

select * from final
