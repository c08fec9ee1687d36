with source as (

    select * from {{ source('extraction', 'mention_topics') }}

),

renamed as (

    select distinct
        mention_id,
        lower(topic) as topic
    from source

)

select * from renamed
