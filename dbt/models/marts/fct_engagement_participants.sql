-- Who took part in each engagement: one row per engagement and country or organisation.
with clusters as (

    select * from {{ ref('int_engagement_clusters') }}

),

mentions as (

    select * from {{ ref('int_engagement_mentions') }}

),

participants as (

    select * from {{ ref('stg_extraction__mention_participants') }}

),

reported as (

    select
        clusters.engagement_id,
        participants.country_code,
        participants.role,
        participants.actor_id,
        participants.actor_name,
        participants.actor_title,
        mentions.position,
        mentions.mention_index
    from participants
    inner join clusters on participants.mention_id = clusters.mention_id
    inner join mentions on participants.mention_id = mentions.mention_id

),

ranked as (

    select
        *,
        row_number() over (
            partition by engagement_id, country_code
            order by case when actor_id is null then 1 else 0 end, position, mention_index
        ) as report_rank
    from reported

),

final as (

    select
        engagement_id,
        country_code,
        actor_id,
        role,
        actor_name,
        actor_title
    from ranked
    where report_rank = 1

)

select * from final
