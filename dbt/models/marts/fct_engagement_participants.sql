-- Who took part in each engagement: one row per engagement and country or organisation.
{{ config(materialized='view') }}

with engagement_participants as (

    select * from {{ ref('int_engagement_participants') }}

),

final as (

    select
        engagement_id,
        country_code,
        actor_id,
        role,
        actor_name,
        actor_title
    from engagement_participants
    where engagement_id is not null

)

select * from final
