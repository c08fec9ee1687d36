-- One row per article stream: its current (latest) content version and whether it is retracted.
-- Incremental: only streams with log events or (re-)extractions past the watermarks are recomputed.
{{ config(
    materialized=incremental_materialization(),
    unique_key='article_key',
    incremental_strategy='delete+insert',
) }}

-- The log is read twice: its envelope columns to find and order the events, and the payload fields
-- only for the current versions. Parsing every payload of the log (a CTE used several times is
-- materialized whole) would make each refresh cost the whole log.
with events as (

    select
        position,
        event_id,
        article_key,
        stream_version,
        event_type,
        recorded_at
    from {{ ref('stg_events__article_events') }}

),

event_contents as (

    select * from {{ ref('stg_events__article_events') }}

),

processed as (

    select * from {{ ref('stg_extraction__processed_events') }}

),

{% if is_incremental() %}
watermark as (

    {{ incremental_watermark() }}

),

changed_keys as (

    select article_key from events
    where position > (select last_position from watermark)
    union
    select events.article_key
    from processed
    inner join events on processed.event_id = events.event_id
    where processed.extraction_seq > (select extraction_seq from watermark)

),

scoped_events as (

    select * from events
    where article_key in (select article_key from changed_keys)

),
{% else %}
scoped_events as (

    select * from events

),
{% endif %}

content_events as (

    select
        *,
        row_number() over (partition by article_key order by position desc) as recency
    from scoped_events
    where event_type in ('ArticlePublished', 'ArticleRevised')

),

current_content as (

    select * from content_events
    where recency = 1

),

stream_summary as (

    select
        article_key,
        max(position) as last_position,
        min(recorded_at) as first_recorded_at,
        max(recorded_at) as last_recorded_at,
        count(*) as n_events
    from scoped_events
    group by article_key

),

last_events as (

    select
        scoped_events.article_key,
        scoped_events.event_type as last_event_type,
        scoped_events.stream_version as last_stream_version
    from scoped_events
    inner join stream_summary
        on scoped_events.article_key = stream_summary.article_key
        and scoped_events.position = stream_summary.last_position

),

final as (

    select
        {{ dbt.hash('current_content.article_key') }} as article_id,
        current_content.article_key,
        current_content.event_id as current_event_id,
        current_content.position as current_position,
        current_content.stream_version as current_version,
        last_events.last_stream_version as stream_version,
        last_events.last_event_type = 'ArticleRetracted' as is_retracted,
        event_contents.source_uri,
        event_contents.source_path,
        event_contents.source_format,
        event_contents.source_name,
        event_contents.url,
        event_contents.title,
        event_contents.dateline,
        event_contents.published_date,
        stream_summary.first_recorded_at,
        stream_summary.last_recorded_at,
        stream_summary.n_events,
        stream_summary.last_position,
        coalesce(processed.extraction_seq, 0) as extraction_seq
    from current_content
    inner join event_contents on current_content.position = event_contents.position
    inner join last_events on current_content.article_key = last_events.article_key
    inner join stream_summary on current_content.article_key = stream_summary.article_key
    left join processed on current_content.event_id = processed.event_id

)

select * from final
