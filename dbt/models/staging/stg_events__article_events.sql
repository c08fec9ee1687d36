with source as (

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
        payload
    from {{ source('events', 'article_events') }}
    {{ as_of_filter() }}

),

-- Events of schema versions 1 and 2 keep their bare keys and their old field names in the log; the
-- ingest upcasts each once, by position, to its namespaced key (file:, feed:, url:) and its fields as
-- they are named now (dagster_project/ingest/event_schema.py: the upcasting rules live there only).
-- Newer events hold both in the log. The table is written with the log, by the same asset: read beside
-- the log, not as a source of its own.
{%- set log = source('events', 'article_events') %}
legacy_keys as (

    select
        position,
        article_key,
        source_name
    from {{ api.Relation.create(database=log.database, schema=log.schema, identifier='legacy_article_keys') }}

),

keyed as (

    select
        source.*,
        coalesce(legacy_keys.article_key, source.article_key) as namespaced_key,
        legacy_keys.position is not null as is_upcast,
        legacy_keys.source_name as upcast_source_name
    from source
    left join legacy_keys on source.position = legacy_keys.position

),

-- The payload's small fields in one parse; the body, read only by those who select it, on its own.
parsed as (

    select
        *,
        {{ json_text_fields('payload', [
            'title', 'source_name', 'url', 'dateline', 'source_format', 'published_date'
        ]) }} as payload_fields
    from keyed

),

renamed as (

    select
        parsed.position,
        parsed.event_id,
        parsed.namespaced_key as article_key,
        parsed.stream_version,
        parsed.event_type,
        parsed.schema_version,
        parsed.recorded_at,
        parsed.source_uri,
        parsed.source_path,
        parsed.content_hash,
        payload_fields.title,
        case when parsed.is_upcast then parsed.upcast_source_name else payload_fields.source_name end as source_name,
        payload_fields.url,
        payload_fields.dateline,
        payload_fields.source_format,
        cast(payload_fields.published_date as date) as published_date,
        {{ json_text('payload', 'body') }} as body
    from parsed

)

select * from renamed
