-- The topic mart's rows (see mart_engagement_frequency_by_topic), with the watermarks they reflect.
-- Incremental by period: a refresh recomputes the periods that the engagement groups it changed cover
-- now or covered before (int_engagement_group_periods), the periods new to the active range, and the
-- periods after those (their change against the previous period); periods that left the range are
-- deleted first. Every row carries the watermarks of the articles the whole table was built from.
{{ config(
    materialized=incremental_materialization(),
    unique_key=['topic', 'grain', 'period_start'],
    incremental_strategy='delete+insert',
    pre_hook="{{ delete_topic_periods_outside_active_range() }}",
    post_hook="{{ stamp_topic_mart_watermarks() }}",
) }}

-- Reads the intermediate tables the facts are views of (fct_engagements and the others keep the rows
-- with an engagement_id: tombstone rows are left out here too).
with engagements as (

    select * from {{ ref('int_engagements') }}
    where engagement_id is not null

),

engagement_topics as (

    select * from {{ ref('int_engagement_topics') }}
    where engagement_id is not null

),

country_pairs as (

    select * from {{ ref('int_engagement_country_pairs') }}

),

reports as (

    select * from {{ ref('int_engagement_reports') }}

),

topics as (

    select * from {{ ref('int_topics') }}
    where is_top_level

),

calendar as (

    select * from {{ ref('int_calendar') }}

),

-- Read only when the model is incremental (the compiled full refresh leaves it unused).
group_periods as (  -- noqa: ST03

    select * from {{ ref('int_engagement_group_periods') }}

),

engagement_periods as (

    {{ occurred_engagement_periods('engagements') }}

),

periods as (

    select distinct
        'week' as grain,
        week_start as period_start
    from calendar
    union all
    select distinct
        'month' as grain,
        month_start as period_start
    from calendar

),

active_range as (

    {{ active_period_range('engagements') }}

),

active_periods as (

    select
        periods.grain,
        periods.period_start,
        lag(periods.period_start) over (partition by periods.grain order by periods.period_start) as previous_period,
        lead(periods.period_start) over (partition by periods.grain order by periods.period_start) as next_period
    from periods
    inner join active_range
        on periods.grain = active_range.grain
        and periods.period_start between active_range.first_period and active_range.last_period

),

{% if is_incremental() %}
watermark as (

    {{ incremental_watermark('refreshed_position', 'refreshed_extraction_seq') }}

),

changed_groups as (

    select distinct engagement_group
    from group_periods
    where refreshed_position > (select last_position from watermark)
        or refreshed_extraction_seq > (select extraction_seq from watermark)

),

built_periods as (

    select distinct grain, period_start, topic from {{ this }}

),

-- A top-level topic added or removed in the seeds changes every period.
topics_changed as (

    select count(*) > 0 as is_changed
    from (
        (select topic from topics except select topic from built_periods)
        union all
        (select topic from built_periods except select topic from topics)
    ) as difference

),

touched_periods as (

    -- periods the changed groups cover now or covered before
    select grain, period_start
    from group_periods
    where engagement_group in (select engagement_group from changed_groups) and period_start is not null
    union
    -- periods new to the active range
    select active_periods.grain, active_periods.period_start
    from active_periods
    left join built_periods
        on active_periods.grain = built_periods.grain and active_periods.period_start = built_periods.period_start
    where built_periods.grain is null
    union
    -- the first periods (the range may have lost the periods before them), or all when the topics changed
    select grain, period_start
    from active_periods
    where previous_period is null or (select is_changed from topics_changed)

),

-- The periods to replace: the touched ones and the ones after them, within the active range.
scope as (

    select active_periods.grain, active_periods.period_start
    from active_periods
    inner join touched_periods
        on active_periods.grain = touched_periods.grain and active_periods.period_start = touched_periods.period_start
    union
    select active_periods.grain, active_periods.next_period
    from active_periods
    inner join touched_periods
        on active_periods.grain = touched_periods.grain and active_periods.period_start = touched_periods.period_start
    where active_periods.next_period is not null

),
{% else %}
scope as (

    select
        grain,
        period_start
    from active_periods

),
{% endif %}

-- The periods computed: the scope and the periods before it, which its changes are measured against.
computed_periods as (

    select
        grain,
        period_start
    from scope
    union
    select
        active_periods.grain,
        active_periods.previous_period
    from active_periods
    inner join scope on active_periods.grain = scope.grain and active_periods.period_start = scope.period_start
    where active_periods.previous_period is not null

),

topic_periods as (

    select
        computed_periods.grain,
        computed_periods.period_start,
        topics.topic
    from computed_periods
    cross join topics

),

computed_engagement_periods as (

    select engagement_periods.*
    from engagement_periods
    inner join computed_periods
        on engagement_periods.grain = computed_periods.grain
        and engagement_periods.period_start = computed_periods.period_start

),

computed_country_pairs as (

    select country_pairs.*
    from country_pairs
    where
        country_pairs.engagement_id in (
            select computed_engagement_periods.engagement_id from computed_engagement_periods
        )

),

topic_engagements as (

    select
        computed_engagement_periods.grain,
        computed_engagement_periods.period_start,
        engagement_topics.topic,
        computed_engagement_periods.engagement_id
    from computed_engagement_periods
    inner join engagement_topics on computed_engagement_periods.engagement_id = engagement_topics.engagement_id

),

-- Each count joins the topic's engagements with one table only: joining reports and country pairs
-- together would multiply the rows (engagements x articles x pairs) before counting.
engagement_counts as (

    select
        grain,
        period_start,
        topic,
        count(distinct engagement_id) as engagements
    from topic_engagements
    group by grain, period_start, topic

),

article_counts as (

    select
        topic_engagements.grain,
        topic_engagements.period_start,
        topic_engagements.topic,
        count(distinct reports.article_id) as articles
    from topic_engagements
    inner join reports on topic_engagements.engagement_id = reports.engagement_id
    group by topic_engagements.grain, topic_engagements.period_start, topic_engagements.topic

),

pair_counts as (

    select
        topic_engagements.grain,
        topic_engagements.period_start,
        topic_engagements.topic,
        count(distinct computed_country_pairs.country_pair) as distinct_country_pairs
    from topic_engagements
    inner join computed_country_pairs on topic_engagements.engagement_id = computed_country_pairs.engagement_id
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

    select
        grain,
        period_start,
        count(distinct engagement_id) as period_engagements
    from computed_engagement_periods
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
        {{ rounded_ratio('engagements', 'period_engagements', 4) }} as share_of_period,
        engagements - lag(engagements) over (
            partition by topic, grain order by period_start
        ) as change_vs_previous_period
    from filled

),

reached as (

    {{ topic_mart_watermarks() }}

),

scoped as (

    select
        final.*,
        reached.refreshed_position,
        reached.refreshed_extraction_seq
    from final
    inner join scope on final.grain = scope.grain and final.period_start = scope.period_start
    cross join reached

)

select * from scoped
