-- Incremental: only articles whose stream changed since the last build are replaced.
{{ config(
    materialized=incremental_materialization(),
    unique_key='article_id',
    incremental_strategy='delete+insert',
) }}

with articles as (

    select * from {{ ref('int_article_versions') }}
    {% if is_incremental() %}
    where last_position > (select coalesce(max(last_position), 0) from {{ this }})
    {% endif %}

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
        last_position,
        first_recorded_at,
        last_recorded_at
    from articles

)

select * from final
