with topics as (

    select * from {{ ref('int_topics') }}

),

final as (

    select
        topic,
        top_level_topic,
        is_top_level,
        plover_context,
        description
    from topics

)

select * from final
