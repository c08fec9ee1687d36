-- One row per real-world engagement, however many articles reported it.
{{ config(materialized='view') }}

with engagements as (

    select * from {{ ref('int_engagements') }}

),

final as (

    select
        engagement_id,
        engagement_type,
        status,
        engagement_date,
        date_precision,
        n_articles,
        first_reported_date,
        n_mentions,
        is_invitation,
        participant_key
    from engagements
    where engagement_id is not null

)

select * from final
