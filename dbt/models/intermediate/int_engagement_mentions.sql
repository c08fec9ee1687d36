-- Engagement mentions of the current version of every article that is not retracted,
-- each with a key of its participating countries and organisations.
with articles as (

    select * from {{ ref('int_article_versions') }}

),

mentions as (

    select * from {{ ref('stg_extraction__engagement_mentions') }}

),

participants as (

    select * from {{ ref('stg_extraction__mention_participants') }}

),

distinct_participants as (

    select distinct mention_id, country_code from participants

),

participant_keys as (

    select
        mention_id,
        {{ dbt.listagg('country_code', "'|'", 'order by country_code') }} as participant_key,
        count(*) as n_participants
    from distinct_participants
    group by mention_id

),

current_mentions as (

    select
        mentions.*,
        articles.article_id,
        articles.article_key,
        articles.published_date
    from mentions
    inner join articles
        on mentions.event_id = articles.current_event_id
    where not articles.is_retracted

),

final as (

    select
        current_mentions.*,
        participant_keys.participant_key,
        participant_keys.n_participants
    from current_mentions
    inner join participant_keys on current_mentions.mention_id = participant_keys.mention_id

)

select * from final
