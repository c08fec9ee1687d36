-- Engagement mentions of the current version of every article that is not retracted.
{{ config(materialized='view') }}

with article_mentions as (

    select * from {{ ref('int_article_mentions') }}

),

final as (

    select * from article_mentions
    where mention_id is not null

)

select * from final
