with articles as (

    select * from {{ ref('int_article_versions') }}

),

final as (

    select
        article_id,
        article_key,
        source_uri,
        published_date,
        title,
        source_name as source,
        url,
        dateline,
        source_format,
        current_version,
        stream_version,
        is_retracted,
        current_event_id,
        current_position,
        first_recorded_at,
        last_recorded_at
    from articles

)

select * from final
