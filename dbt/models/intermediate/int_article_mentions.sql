-- Per article: the engagement mentions of its current version (none when retracted), each with a key
-- of its participants; an article without any gets one placeholder row (mention_id null) so that an
-- incremental run replaces exactly the rows of the articles that changed.
{{ config(
    materialized=incremental_materialization(),
    unique_key='article_key',
    incremental_strategy='delete+insert',
) }}

with articles as (

    select * from {{ ref('int_article_versions') }}

),

mentions as (

    select * from {{ ref('stg_extraction__engagement_mentions') }}

),

participants as (

    select * from {{ ref('stg_extraction__mention_participants') }}

),

{% if is_incremental() %}
watermark as (

    {{ incremental_watermark('article_last_position', 'article_extraction_seq') }}

),

changed_articles as (

    select * from articles
    where last_position > (select last_position from watermark)
        or extraction_seq > (select extraction_seq from watermark)

),
{% else %}
changed_articles as (

    select * from articles

),
{% endif %}

current_mentions as (

    select
        mentions.*,
        changed_articles.article_key
    from mentions
    inner join changed_articles
        on mentions.event_id = changed_articles.current_event_id
    where not changed_articles.is_retracted

),

distinct_participants as (

    select distinct
        participants.mention_id,
        participants.country_code
    from participants
    inner join current_mentions on participants.mention_id = current_mentions.mention_id

),

participant_keys as (

    select
        mention_id,
        {{ ordered_listagg('country_code', "'|'") }} as participant_key,
        count(*) as n_participants
    from distinct_participants
    group by mention_id

),

final as (

    select
        changed_articles.article_id,
        changed_articles.article_key,
        changed_articles.published_date,
        changed_articles.last_position as article_last_position,
        changed_articles.extraction_seq as article_extraction_seq,
        current_mentions.mention_id,
        current_mentions.event_id,
        current_mentions.position,
        current_mentions.mention_index,
        current_mentions.engagement_type,
        current_mentions.status,
        current_mentions.is_invitation,
        current_mentions.engagement_date,
        current_mentions.date_precision,
        current_mentions.sentence_index,
        current_mentions.char_start,
        current_mentions.char_end,
        current_mentions.evidence,
        participant_keys.participant_key,
        participant_keys.n_participants
    from changed_articles
    left join current_mentions on changed_articles.article_key = current_mentions.article_key
    left join participant_keys on current_mentions.mention_id = participant_keys.mention_id
    where current_mentions.mention_id is null or participant_keys.mention_id is not null

)

select * from final
