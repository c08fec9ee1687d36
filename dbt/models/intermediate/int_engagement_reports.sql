-- Every report of an engagement: the current mention with the engagement it reports (its cluster),
-- the article, the sentence and its characters. fct_engagement_mentions shows it; the marts count
-- the reporting articles from it.
{{ config(materialized='view') }}

with clusters as (

    select * from {{ ref('int_engagement_clusters') }}

),

mentions as (

    select * from {{ ref('int_engagement_mentions') }}

),

final as (

    select
        mentions.mention_id,
        clusters.engagement_id,
        mentions.article_id,
        mentions.event_id,
        mentions.position,
        mentions.sentence_index,
        mentions.char_start,
        mentions.char_end,
        mentions.evidence,
        mentions.engagement_type as reported_type,
        mentions.status as reported_status,
        mentions.engagement_date as reported_date,
        mentions.date_precision as reported_date_precision,
        mentions.published_date
    from mentions
    inner join clusters on mentions.mention_id = clusters.mention_id

)

select * from final
