-- What the extractor left out, and why: officials it could not place in a country (their engagements
-- are not facts) and article text past the length bound.
{{ config(materialized='view') }}

with diagnostics as (

    select * from {{ ref('int_extraction_diagnostics') }}

),

final as (

    select
        article_id,
        sentence_index,
        actor_name,
        actor_title,
        reason,
        evidence
    from diagnostics

)

select * from final
