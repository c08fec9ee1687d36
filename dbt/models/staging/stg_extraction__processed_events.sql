with source as (

    select * from {{ source('extraction', 'processed_events') }}

),

renamed as (

    select
        event_id,
        position,
        extractor_version,
        n_engagements,
        coalesce(extraction_seq, 0) as extraction_seq
    from source

)

select * from renamed
