-- Which country pairs engage most on defence?
-- Pairs of participants (countries and organisations) in occurred engagements about the topic,
-- with how many engagements and reporting articles, and the latest engagement date.
-- Another topic: --vars '{topic: "trade"}'
with topic_engagements as (

    select
        engagement_topics.engagement_id,
        engagements.engagement_date
    from {{ ref('fct_engagement_topics') }} as engagement_topics
    inner join {{ ref('fct_engagements') }} as engagements
        on engagement_topics.engagement_id = engagements.engagement_id
    where engagement_topics.topic = '{{ var("topic", "defence") }}'
        and engagements.status = 'occurred'

),

pairs as (

    select
        topic_engagements.engagement_id,
        topic_engagements.engagement_date,
        country_pairs.first_code,
        country_pairs.second_code,
        country_pairs.pair_name
    from topic_engagements
    inner join {{ ref('fct_engagement_country_pairs') }} as country_pairs
        on topic_engagements.engagement_id = country_pairs.engagement_id

)

select
    pairs.first_code,
    pairs.second_code,
    pairs.pair_name as pair,
    count(distinct pairs.engagement_id) as engagements,
    count(distinct mentions.article_id) as articles,
    max(pairs.engagement_date) as latest_engagement_date
from pairs
left join {{ ref('fct_engagement_mentions') }} as mentions on pairs.engagement_id = mentions.engagement_id
group by pairs.first_code, pairs.second_code, pairs.pair_name
order by engagements desc, articles desc, pair asc
