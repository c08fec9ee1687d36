-- Engagements between two participants (countries or organisations) per period (week and month):
-- the occurred engagements by type, the planned ones dated in the period, the reporting articles,
-- the topics, and the change against the period before. One row per pair and period in which the
-- pair has a dated engagement, plus the period after each period with occurred engagements (so a
-- fall to none shows, with its change). Rebuilt whole at each build (a table over the facts).
{% set engagement_types = ['phone_call', 'visit', 'meeting', 'multilateral_meeting', 'letter'] %}

with engagements as (

    select * from {{ ref('fct_engagements') }}

),

participants as (

    select * from {{ ref('fct_engagement_participants') }}

),

engagement_topics as (

    select * from {{ ref('fct_engagement_topics') }}

),

mentions as (

    select * from {{ ref('fct_engagement_mentions') }}

),

countries as (

    select * from {{ ref('dim_country') }}

),

-- Every two participants of one engagement, in code order (a meeting of five makes ten pairs).
pairs as (

    select
        a.engagement_id,
        a.country_code as first_code,
        b.country_code as second_code
    from participants as a
    inner join participants as b
        on a.engagement_id = b.engagement_id
        and a.country_code < b.country_code

),

dated_engagements as (

    {%- for grain in ['week', 'month'] %}
    select
        engagement_id,
        engagement_type,
        status,
        '{{ grain }}' as grain,
        cast({{ dbt.date_trunc(grain, 'engagement_date') }} as date) as period_start
    from engagements
    where engagement_date is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

-- The periods from the first to the last with an occurred engagement, per grain (as the topic mart).
active_range as (

    select grain, min(period_start) as first_period, max(period_start) as last_period
    from dated_engagements
    where status = 'occurred'
    group by grain

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

    select * from pair_engagements where status = 'occurred'

),

engagement_counts as (

    select
        first_code,
        second_code,
        grain,
        period_start,
        count(distinct case when status = 'occurred' then engagement_id end) as engagements,
        {%- for engagement_type in engagement_types %}
        count(distinct case when status = 'occurred' and engagement_type = '{{ engagement_type }}' then engagement_id end)
            as {{ engagement_type }}s,
        {%- endfor %}
        count(distinct case when status = 'planned' then engagement_id end) as planned_engagements
    from pair_engagements
    group by first_code, second_code, grain, period_start

),

article_counts as (

    select
        occurred_pair_engagements.first_code,
        occurred_pair_engagements.second_code,
        occurred_pair_engagements.grain,
        occurred_pair_engagements.period_start,
        count(distinct mentions.article_id) as articles
    from occurred_pair_engagements
    inner join mentions on occurred_pair_engagements.engagement_id = mentions.engagement_id
    group by all

),

topic_lists as (

    select
        occurred_pair_engagements.first_code,
        occurred_pair_engagements.second_code,
        occurred_pair_engagements.grain,
        occurred_pair_engagements.period_start,
        list_sort(list(distinct engagement_topics.topic)) as topics
    from occurred_pair_engagements
    inner join engagement_topics on occurred_pair_engagements.engagement_id = engagement_topics.engagement_id
    group by all

),

-- The period after each period with occurred engagements, within the active range.
following_periods as (

    select
        engagement_counts.first_code,
        engagement_counts.second_code,
        engagement_counts.grain,
        cast(
            case engagement_counts.grain
                when 'week' then {{ dbt.dateadd('week', 1, 'engagement_counts.period_start') }}
                else {{ dbt.dateadd('month', 1, 'engagement_counts.period_start') }}
            end as date
        ) as period_start
    from engagement_counts
    where engagement_counts.engagements > 0

),

pair_periods as (

    select first_code, second_code, grain, period_start from engagement_counts
    union
    select following_periods.first_code, following_periods.second_code, following_periods.grain,
        following_periods.period_start
    from following_periods
    inner join active_range
        on following_periods.grain = active_range.grain
        and following_periods.period_start <= active_range.last_period

),

with_previous as (

    select
        pair_periods.*,
        cast(
            case pair_periods.grain
                when 'week' then {{ dbt.dateadd('week', -1, 'pair_periods.period_start') }}
                else {{ dbt.dateadd('month', -1, 'pair_periods.period_start') }}
            end as date
        ) as previous_period
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
        coalesce(topic_lists.topics, cast([] as varchar[])) as topics,
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
        {{ dbt.concat(['counted.first_code', "'-'", 'counted.second_code']) }} as country_pair,
        counted.first_code,
        counted.second_code,
        coalesce(first_country.name, counted.first_code) || ' – ' || coalesce(second_country.name, counted.second_code)
            as pair_name,
        case
            when coalesce(first_country.kind, 'country') = 'organisation'
                and coalesce(second_country.kind, 'country') = 'organisation' then 'organisation_organisation'
            when coalesce(first_country.kind, 'country') = 'organisation'
                or coalesce(second_country.kind, 'country') = 'organisation' then 'country_organisation'
            else 'country_country'
        end as pair_kind,
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
    left join countries as first_country on counted.first_code = first_country.country_code
    left join countries as second_country on counted.second_code = second_country.country_code

)

select * from final
