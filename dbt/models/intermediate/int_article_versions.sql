-- One row per article stream: its current (latest) content version and whether it is retracted.
with events as (

    select * from {{ ref('stg_events__article_events') }}

),

content_events as (

    select
        *,
        row_number() over (partition by article_key order by position desc) as recency
    from events
    where event_type in ('ArticlePublished', 'ArticleRevised')

),

current_content as (

    select * from content_events where recency = 1

),

stream_summary as (

    select
        article_key,
        max(position) as last_position,
        min(recorded_at) as first_recorded_at,
        max(recorded_at) as last_recorded_at,
        count(*) as n_events
    from events
    group by article_key

),

last_events as (

    select
        events.article_key,
        events.event_type as last_event_type,
        events.stream_version as last_stream_version
    from events
    inner join stream_summary
        on events.article_key = stream_summary.article_key
        and events.position = stream_summary.last_position

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
        current_content.source_uri,
        current_content.source_path,
        current_content.source_format,
        current_content.source_name,
        current_content.url,
        current_content.title,
        current_content.dateline,
        current_content.published_date,
        stream_summary.first_recorded_at,
        stream_summary.last_recorded_at,
        stream_summary.n_events
    from current_content
    inner join last_events on current_content.article_key = last_events.article_key
    inner join stream_summary on current_content.article_key = stream_summary.article_key

)

select * from final
