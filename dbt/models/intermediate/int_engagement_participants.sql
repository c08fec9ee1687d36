-- Who took part in each engagement: per engagement and country or organisation, the report that
-- names the official (else the first report). Incremental by engagement group (see
-- int_engagement_clusters); a group without participants any more keeps a tombstone row.
{{ config(
    materialized=incremental_materialization(),
    unique_key='engagement_group',
    incremental_strategy='delete+insert',
) }}

with clusters as (

    select * from {{ ref('int_engagement_clusters') }}

),

mentions as (

    select * from {{ ref('int_engagement_mentions') }}

),

participants as (

    select * from {{ ref('stg_extraction__mention_participants') }}

),

refreshed_clusters as (

    {{ refreshed_cluster_rows('clusters') }}

),

reported as (

    select
        refreshed_clusters.engagement_id,
        refreshed_clusters.engagement_group,
        refreshed_clusters.refreshed_position,
        refreshed_clusters.refreshed_extraction_seq,
        participants.country_code,
        participants.role,
        participants.actor_id,
        participants.actor_name,
        participants.actor_title,
        mentions.position,
        mentions.mention_index
    from participants
    inner join refreshed_clusters on participants.mention_id = refreshed_clusters.mention_id
    inner join mentions on participants.mention_id = mentions.mention_id

),

ranked as (

    select
        *,
        row_number() over (
            partition by engagement_id, country_code
            order by
                case when actor_id is null then 1 else 0 end, position, mention_index,
                actor_id nulls last, role nulls last, actor_name nulls last, actor_title nulls last
        ) as report_rank
    from reported

),

engagement_participants as (

    select
        engagement_id,
        engagement_group,
        country_code,
        actor_id,
        role,
        actor_name,
        actor_title,
        refreshed_position,
        refreshed_extraction_seq
    from ranked
    where report_rank = 1

),

tombstones as (

    {{ group_tombstones('refreshed_clusters', 'engagement_participants') }}

),

final as (

    select * from engagement_participants
    union all
    select
        cast(null as {{ dbt.type_string() }}) as engagement_id,
        engagement_group,
        cast(null as {{ dbt.type_string() }}) as country_code,
        cast(null as {{ dbt.type_string() }}) as actor_id,
        cast(null as {{ dbt.type_string() }}) as role,
        cast(null as {{ dbt.type_string() }}) as actor_name,
        cast(null as {{ dbt.type_string() }}) as actor_title,
        refreshed_position,
        refreshed_extraction_seq
    from tombstones

)

select * from final
