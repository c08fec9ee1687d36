-- What each engagement was about, as top-level topics (subtopics roll up to their parent).
with clusters as (

    select * from {{ ref('int_engagement_clusters') }}

),

mention_topics as (

    select * from {{ ref('stg_extraction__mention_topics') }}

),

topics as (

    select * from {{ ref('dim_topic') }}

),

final as (

    select distinct
        clusters.engagement_id,
        topics.top_level_topic as topic
    from mention_topics
    inner join clusters on mention_topics.mention_id = clusters.mention_id
    inner join topics on mention_topics.topic = topics.topic

)

select * from final
