-- Every report of an engagement: the article, the sentence and its characters, for tracing a number
-- back to the text it came from.
{{ config(materialized='view') }}

with reports as (

    select * from {{ ref('int_engagement_reports') }}

),

final as (

    select
        mention_id,
        engagement_id,
        article_id,
        event_id,
        position,
        sentence_index,
        char_start,
        char_end,
        evidence,
        reported_type,
        reported_status,
        reported_date,
        reported_date_precision,
        published_date
    from reports

)

select * from final
