-- Engagement mentions of the current version of every article that is not retracted, each with its
-- engagement group: the reports that may be of one engagement (same type, status and participants).
{{ config(materialized='view') }}

with article_mentions as (

    select * from {{ ref('int_article_mentions') }}

),

final as (

    select
        *,
        {{ dbt.hash(dbt.concat(['engagement_type', "'|'", 'status', "'|'", 'participant_key'])) }} as engagement_group
    from article_mentions
    where mention_id is not null

)

select * from final
