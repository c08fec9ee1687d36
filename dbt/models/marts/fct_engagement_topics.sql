-- What each engagement was about, as top-level topics (subtopics roll up to their parent).
{{ config(materialized='view') }}

with engagement_topics as (

    select * from {{ ref('int_engagement_topics') }}

),

final as (

    select
        engagement_id,
        topic
    from engagement_topics
    where engagement_id is not null

)

select * from final
