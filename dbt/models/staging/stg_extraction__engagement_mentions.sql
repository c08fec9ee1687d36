with source as (

    select * from {{ source('extraction', 'engagement_mentions') }}

),

renamed as (

    select
        mention_id,
        event_id,
        position,
        mention_index,
        engagement_type,
        status,
        is_invitation,
        engagement_date,
        date_precision,
        sentence_index,
        char_start,
        char_end,
        evidence
    from source

)

select * from renamed
