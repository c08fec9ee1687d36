-- Topics with the top-level topic each rolls up to (itself for a top-level topic): the one place the
-- topic hierarchy is read, for the engagement topics, the topic mart and dim_topic.
{{ config(materialized='view') }}

with topics as (

    select * from {{ ref('stg_reference__topics') }}

),

final as (

    select
        topic,
        coalesce(parent_topic, topic) as top_level_topic,
        parent_topic is null as is_top_level,
        plover_context,
        description
    from topics

)

select * from final
