-- What each engagement was about, as top-level topics (subtopics roll up to their parent).
-- Incremental by engagement group (see int_engagement_clusters); a group without topics keeps a
-- tombstone row, so that a refresh also removes topics its reports no longer give.
{{ config(
    materialized=incremental_materialization(),
    unique_key='engagement_group',
    incremental_strategy='delete+insert',
) }}

with clusters as (

    select * from {{ ref('int_engagement_clusters') }}

),

mention_topics as (

    select * from {{ ref('stg_extraction__mention_topics') }}

),

topics as (

    select * from {{ ref('int_topics') }}

),

refreshed_clusters as (

    {{ refreshed_cluster_rows('clusters') }}

),

engagement_topics as (

    select distinct
        refreshed_clusters.engagement_id,
        refreshed_clusters.engagement_group,
        topics.top_level_topic as topic,
        refreshed_clusters.refreshed_position,
        refreshed_clusters.refreshed_extraction_seq
    from mention_topics
    inner join refreshed_clusters on mention_topics.mention_id = refreshed_clusters.mention_id
    inner join topics on mention_topics.topic = topics.topic

),

tombstones as (

    {{ group_tombstones('refreshed_clusters', 'engagement_topics') }}

),

final as (

    select * from engagement_topics
    union all
    select
        cast(null as {{ dbt.type_string() }}) as engagement_id,
        engagement_group,
        cast(null as {{ dbt.type_string() }}) as topic,
        refreshed_position,
        refreshed_extraction_seq
    from tombstones

)

select * from final
