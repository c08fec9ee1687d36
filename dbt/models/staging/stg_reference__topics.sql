with topics as (

    select * from {{ ref('topics') }}

),

renamed as (

    select
        topic,
        parent_topic,
        plover_context,
        description
    from topics

)

select * from renamed
