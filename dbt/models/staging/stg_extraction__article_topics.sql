with source as (

    select * from {{ source('extraction', 'article_topics') }}

),

renamed as (

    select distinct
        event_id,
        lower(topic) as topic
    from source

)

select * from renamed
