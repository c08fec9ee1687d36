with topics as (

    select * from {{ ref('topics') }}

),

final as (

    select
        topic,
        coalesce(parent_topic, topic) as top_level_topic,
        parent_topic is null as is_top_level,
        plover_context,
        description
    from topics

)

select * from final
