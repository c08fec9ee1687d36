-- Engagements between two participants (countries or organisations) per period (week and month):
-- the occurred engagements by type, the planned ones dated in the period, the reporting articles,
-- the topics, and the change against the period before. One row per pair and period in which the
-- pair has a dated engagement, plus the period after each period with occurred engagements (so a
-- fall to none shows, with its change). Rebuilt whole at each build (a table over the intermediate
-- tables the facts are views of). The pairs come from int_engagement_country_pairs; the periods and
-- the active range from the macros the topic mart uses (macros/periods/engagement_periods.sql).
{% set engagement_types = ['phone_call', 'visit', 'meeting', 'multilateral_meeting', 'letter'] %}

with engagements as (

    select * from {{ ref('int_engagements') }}
    where engagement_id is not null

),

pairs as (

    select * from {{ ref('int_engagement_country_pairs') }}

),

engagement_topics as (

    select * from {{ ref('int_engagement_topics') }}
    where engagement_id is not null

),

reports as (

    select * from {{ ref('int_engagement_reports') }}

),

pair_labels as (

    select distinct
        first_code,
        second_code,
        country_pair,
        pair_name,
        pair_kind
    from pairs

),

dated_engagements as (

    {{ engagement_periods('engagements', ['engagement_id', 'engagement_type', 'status'], occurred_only=false) }}

),

-- The periods from the first to the last with an occurred engagement, per grain (as the topic mart).
active_range as (

    {{ active_period_range('engagements') }}

),

pair_engagements as (

    select
        pairs.first_code,
        pairs.second_code,
        dated_engagements.grain,
        dated_engagements.period_start,
        dated_engagements.engagement_id,
        dated_engagements.engagement_type,
        dated_engagements.status
    from pairs
    inner join dated_engagements on pairs.engagement_id = dated_engagements.engagement_id

),

occurred_pair_engagements as (

    select * from pair_engagements
    where status = 'occurred'

),

-- An engagement falls in one period of each grain and makes each of its pairs once (the unique tests of
-- int_engagements and int_engagement_country_pairs), so rows are counted without `distinct`.
engagement_counts as (

    select
        first_code,
        second_code,
        grain,
        period_start,
        count(case when status = 'occurred' then 1 end) as engagements,
        {%- for engagement_type in engagement_types %}
        count(case when status = 'occurred' and engagement_type = '{{ engagement_type }}' then 1 end)
            as {{ engagement_type }}s,
        {%- endfor %}
        count(case when status = 'planned' then 1 end) as planned_engagements
    from pair_engagements
    group by first_code, second_code, grain, period_start

),

article_counts as (

    select
        occurred_pair_engagements.first_code,
        occurred_pair_engagements.second_code,
        occurred_pair_engagements.grain,
        occurred_pair_engagements.period_start,
        count(distinct reports.article_id) as articles
    from occurred_pair_engagements
    inner join reports on occurred_pair_engagements.engagement_id = reports.engagement_id
    group by all

),

topic_lists as (

    select
        occurred_pair_engagements.first_code,
        occurred_pair_engagements.second_code,
        occurred_pair_engagements.grain,
        occurred_pair_engagements.period_start,
        {{ sorted_distinct_list('engagement_topics.topic') }} as topics
    from occurred_pair_engagements
    inner join engagement_topics on occurred_pair_engagements.engagement_id = engagement_topics.engagement_id
    group by all

),

-- The period after each period with occurred engagements, within the active range.
following_periods as (

    select
        first_code,
        second_code,
        grain,
        {{ shift_period('grain', 'period_start', 1) }} as period_start
    from engagement_counts
    where engagements > 0

),

pair_periods as (

    select
        first_code,
        second_code,
        grain,
        period_start
    from engagement_counts
    union
    select
        following_periods.first_code,
        following_periods.second_code,
        following_periods.grain,
        following_periods.period_start
    from following_periods
    inner join active_range
        on following_periods.grain = active_range.grain
        and following_periods.period_start <= active_range.last_period

),

with_previous as (

    select
        *,
        {{ shift_period('grain', 'period_start', -1) }} as previous_period
    from pair_periods

),

counted as (

    select
        with_previous.first_code,
        with_previous.second_code,
        with_previous.grain,
        with_previous.period_start,
        coalesce(engagement_counts.engagements, 0) as engagements,
        {%- for engagement_type in engagement_types %}
        coalesce(engagement_counts.{{ engagement_type }}s, 0) as {{ engagement_type }}s,
        {%- endfor %}
        coalesce(engagement_counts.planned_engagements, 0) as planned_engagements,
        coalesce(article_counts.articles, 0) as articles,
        coalesce(topic_lists.topics, {{ empty_string_list() }}) as topics,
        case
            when with_previous.previous_period < active_range.first_period then null
            else coalesce(previous_counts.engagements, 0)
        end as previous_period_engagements
    from with_previous
    left join engagement_counts
        on with_previous.first_code = engagement_counts.first_code
        and with_previous.second_code = engagement_counts.second_code
        and with_previous.grain = engagement_counts.grain
        and with_previous.period_start = engagement_counts.period_start
    left join article_counts
        on with_previous.first_code = article_counts.first_code
        and with_previous.second_code = article_counts.second_code
        and with_previous.grain = article_counts.grain
        and with_previous.period_start = article_counts.period_start
    left join topic_lists
        on with_previous.first_code = topic_lists.first_code
        and with_previous.second_code = topic_lists.second_code
        and with_previous.grain = topic_lists.grain
        and with_previous.period_start = topic_lists.period_start
    left join engagement_counts as previous_counts
        on with_previous.first_code = previous_counts.first_code
        and with_previous.second_code = previous_counts.second_code
        and with_previous.grain = previous_counts.grain
        and with_previous.previous_period = previous_counts.period_start
    left join active_range on with_previous.grain = active_range.grain

),

final as (

    select
        pair_labels.country_pair,
        counted.first_code,
        counted.second_code,
        pair_labels.pair_name,
        pair_labels.pair_kind,
        counted.grain,
        counted.period_start,
        counted.engagements,
        {%- for engagement_type in engagement_types %}
        counted.{{ engagement_type }}s,
        {%- endfor %}
        counted.planned_engagements,
        counted.articles,
        counted.topics,
        counted.previous_period_engagements,
        counted.engagements - counted.previous_period_engagements as change_vs_previous_period
    from counted
    inner join pair_labels
        on counted.first_code = pair_labels.first_code
        and counted.second_code = pair_labels.second_code

)

select * from final
