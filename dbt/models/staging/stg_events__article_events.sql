with source as (

    select * from {{ source('events', 'article_events') }}
    {{ as_of_filter() }}

),

-- The payload's small fields in one parse; the body, read only by those who select it, on its own.
parsed as (

    select
        *,
        {{ json_text_fields('payload', [
            'title', 'source', 'source_name', 'url', 'dateline', 'source_format', 'published_date'
        ]) }} as payload_fields
    from source

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
        payload_fields.title,
        -- schema_version 1 named the outlet `source`; version 2 names it `source_name`
        case
            when schema_version = 1 then payload_fields.source
            else payload_fields.source_name
        end as source_name,
        payload_fields.url,
        payload_fields.dateline,
        payload_fields.source_format,
        cast(payload_fields.published_date as date) as published_date,
        {{ json_text('payload', 'body') }} as body
    from parsed

)

select * from renamed
