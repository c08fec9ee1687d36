-- Which country pairs engage most on defence?
-- Pairs of participants (countries and organisations) in occurred engagements about the topic,
-- with how many engagements and reporting articles, and the latest engagement date.
-- Another topic: --vars '{topic: "trade"}'
with topic_engagements as (

    select engagement_topics.engagement_id, engagements.engagement_date
    from {{ ref('fct_engagement_topics') }} as engagement_topics
    inner join {{ ref('fct_engagements') }} as engagements
        on engagements.engagement_id = engagement_topics.engagement_id
    where engagement_topics.topic = '{{ var("topic", "defence") }}'
        and engagements.status = 'occurred'

),

pairs as (

    select
        topic_engagements.engagement_id,
        topic_engagements.engagement_date,
        a.country_code as first_code,
        b.country_code as second_code
    from topic_engagements
    inner join {{ ref('fct_engagement_participants') }} as a
        on a.engagement_id = topic_engagements.engagement_id
    inner join {{ ref('fct_engagement_participants') }} as b
        on b.engagement_id = a.engagement_id
        and a.country_code < b.country_code

)

select
    pairs.first_code,
    pairs.second_code,
    coalesce(first_country.name, pairs.first_code) || ' – ' || coalesce(second_country.name, pairs.second_code) as pair,
    count(distinct pairs.engagement_id) as engagements,
    count(distinct mentions.article_id) as articles,
    max(pairs.engagement_date) as latest_engagement_date
from pairs
left join {{ ref('dim_country') }} as first_country on first_country.country_code = pairs.first_code
left join {{ ref('dim_country') }} as second_country on second_country.country_code = pairs.second_code
left join {{ ref('fct_engagement_mentions') }} as mentions on mentions.engagement_id = pairs.engagement_id
group by pairs.first_code, pairs.second_code, first_country.name, second_country.name
order by engagements desc, articles desc, pair
