with source as (

    select * from {{ source('events', 'article_events') }}
    {{ as_of_filter() }}

),

renamed as (

    select
        position,
        event_id,
        article_key,
        stream_version,
        event_type,
        schema_version,
        recorded_at,
        source_uri,
        source_path,
        content_hash,
        {{ json_text('payload', 'title') }} as title,
        -- schema_version 1 named the outlet `source`; version 2 names it `source_name`
        case
            when schema_version = 1 then {{ json_text('payload', 'source') }}
            else {{ json_text('payload', 'source_name') }}
        end as source_name,
        {{ json_text('payload', 'url') }} as url,
        {{ json_text('payload', 'dateline') }} as dateline,
        {{ json_text('payload', 'source_format') }} as source_format,
        cast({{ json_text('payload', 'published_date') }} as date) as published_date,
        {{ json_text('payload', 'body') }} as body
    from source

)

select * from renamed
