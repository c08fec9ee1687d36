with source as (

    select * from {{ source('extraction', 'diagnostics') }}

),

renamed as (

    select
        event_id,
        position,
        sentence_index,
        actor_name,
        actor_title,
        reason,
        evidence
    from source

)

select * from renamed
