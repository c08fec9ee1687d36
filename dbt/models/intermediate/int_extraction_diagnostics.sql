-- What the extractor left out of current, unretracted article versions, with the reason (see the
-- extractor's `Diagnostic`): officials it could not place in a country, whose engagements are not
-- facts, and text past the length bound; each traceable to its sentence.
{{ config(materialized='view') }}

with articles as (

    select * from {{ ref('int_article_versions') }}

),

diagnostics as (

    select * from {{ ref('stg_extraction__diagnostics') }}

),

final as (

    select
        articles.article_id,
        diagnostics.event_id,
        diagnostics.sentence_index,
        diagnostics.actor_name,
        diagnostics.actor_title,
        diagnostics.reason,
        diagnostics.evidence
    from diagnostics
    inner join articles on diagnostics.event_id = articles.current_event_id
    where not articles.is_retracted

)

select * from final
