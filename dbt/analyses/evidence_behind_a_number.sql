-- The sentences behind any one number of the topic mart.
-- Pick the cell with the variables `topic`, `period_start` and `grain` (week or month), e.g.
--   dbt compile --select evidence_behind_a_number --vars '{topic: "trade", period_start: "2025-02-01"}'
-- Without them, the largest monthly cell. One row per report: the engagement, the article and the
-- sentence it came from (marts.fct_engagement_mentions). Distinct engagements = the mart's number.
with cells as (

    select
        topic,
        grain,
        period_start,
        engagements
    from {{ ref('mart_engagement_frequency_by_topic') }}

),

chosen as (

    {% if var('topic', none) and var('period_start', none) %}
    select topic, grain, period_start, engagements
    from cells
    where topic = '{{ var("topic") }}'
        and grain = '{{ var("grain", "month") }}'
        and period_start = cast('{{ var("period_start") }}' as date)
    {% else %}
    select
        topic,
        grain,
        period_start,
        engagements
    from cells
    where grain = '{{ var("grain", "month") }}'
    order by engagements desc, period_start desc, topic asc
    limit 1
    {% endif %}

),

cell_engagements as (

    select
        chosen.topic,
        chosen.grain,
        chosen.period_start,
        chosen.engagements as mart_engagements,
        engagements.*
    from chosen
    inner join {{ ref('fct_engagement_topics') }} as engagement_topics on chosen.topic = engagement_topics.topic
    inner join {{ ref('fct_engagements') }} as engagements
        on engagement_topics.engagement_id = engagements.engagement_id
    where engagements.status = 'occurred'
        and cast(date_trunc(chosen.grain, engagements.engagement_date) as date) = chosen.period_start

)

select
    cell_engagements.topic,
    cell_engagements.grain,
    cell_engagements.period_start,
    cell_engagements.mart_engagements,
    cell_engagements.engagement_id,
    cell_engagements.engagement_type,
    cell_engagements.engagement_date,
    articles.published_date,
    articles.title,
    articles.source_uri,
    mentions.sentence_index,
    mentions.evidence
from cell_engagements
inner join {{ ref('fct_engagement_mentions') }} as mentions on cell_engagements.engagement_id = mentions.engagement_id
inner join {{ ref('dim_article') }} as articles on mentions.article_id = articles.article_id
order by
    cell_engagements.engagement_date, cell_engagements.engagement_id, articles.published_date, mentions.sentence_index
