-- Officials the extractor found by their title in the current reports who are not office holders in
-- the seeds: one row per actor id, for dim_actor.
{{ config(materialized='view') }}

with office_holders as (

    select * from {{ ref('stg_reference__office_holders') }}

),

participants as (

    select * from {{ ref('stg_extraction__mention_participants') }}

),

current_mentions as (

    select mention_id from {{ ref('int_engagement_mentions') }}

),

final as (

    select
        participants.actor_id,
        min(participants.actor_name) as name,
        'person' as kind,
        min(participants.country_code) as country_code,
        min(participants.actor_title) as title
    from participants
    inner join current_mentions on participants.mention_id = current_mentions.mention_id
    where participants.actor_id is not null
        and participants.actor_id not in (select office_holders.person_id from office_holders)
    group by participants.actor_id

)

select * from final
