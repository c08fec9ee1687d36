-- Reports of one real-world engagement (same type, status and participants, dates chained within
-- `same_engagement_max_days`) share one engagement_id. Undated reports of the same type, status
-- and participants form one engagement of their own.
-- Incremental by engagement group: a refresh recomputes the groups that the changed articles report
-- now or reported before. A group no article reports any more keeps one tombstone row (mention_id
-- null), so that the models built on this one remove it too.
{{ config(
    materialized=incremental_materialization(),
    unique_key='engagement_group',
    incremental_strategy='delete+insert',
) }}

with article_mentions as (

    select * from {{ ref('int_article_mentions') }}

),

mentions as (

    select * from {{ ref('int_engagement_mentions') }}

),

{% if is_incremental() %}
watermark as (

    {{ incremental_watermark('refreshed_position', 'refreshed_extraction_seq') }}

),

changed_articles as (

    select distinct article_key, article_last_position, article_extraction_seq
    from article_mentions
    where article_last_position > (select last_position from watermark)
        or article_extraction_seq > (select extraction_seq from watermark)

),

affected_groups as (

    select engagement_group from mentions
    where article_key in (select article_key from changed_articles)
    union
    select engagement_group from {{ this }}
    where article_key in (select article_key from changed_articles)

),

scoped_mentions as (

    select * from mentions
    where engagement_group in (select engagement_group from affected_groups)

),

refresh as (

    select
        greatest(max(article_last_position), (select last_position from watermark)) as refreshed_position,
        greatest(max(article_extraction_seq), (select extraction_seq from watermark)) as refreshed_extraction_seq
    from changed_articles

),
{% else %}
affected_groups as (

    select distinct engagement_group from mentions

),

scoped_mentions as (

    select * from mentions

),

refresh as (

    select
        coalesce(max(article_last_position), 0) as refreshed_position,
        coalesce(max(article_extraction_seq), 0) as refreshed_extraction_seq
    from article_mentions

),
{% endif %}

dated as (

    select
        *,
        lag(engagement_date) over (
            partition by engagement_type, status, participant_key
            order by engagement_date, position, mention_index
        ) as previous_date
    from scoped_mentions
    where engagement_date is not null

),

island_starts as (

    select
        *,
        case
            when previous_date is null then 1
            when
                {{ dbt.datediff('previous_date', 'engagement_date', 'day') }}
                > {{ var('same_engagement_max_days') }}
                then 1
            else 0
        end as starts_island
    from dated

),

islands as (

    select
        *,
        sum(starts_island) over (
            partition by engagement_type, status, participant_key
            order by engagement_date, position, mention_index
            rows between unbounded preceding and current row
        ) as island_number
    from island_starts

),

island_anchors as (

    select
        *,
        min(engagement_date) over (
            partition by engagement_type, status, participant_key, island_number
        ) as island_start_date
    from islands

),

dated_clusters as (

    select
        mention_id,
        {{ dbt.hash(dbt.concat([
            'engagement_type', "'|'", 'status', "'|'", 'participant_key', "'|'",
            dbt.cast('island_start_date', api.Column.translate_type('string'))
        ])) }} as engagement_id,
        engagement_group,
        article_key
    from island_anchors

),

undated_clusters as (

    select
        mention_id,
        {{ dbt.hash(dbt.concat([
            'engagement_type', "'|'", 'status', "'|'", 'participant_key', "'|undated'"
        ])) }} as engagement_id,
        engagement_group,
        article_key
    from scoped_mentions
    where engagement_date is null

),

clusters as (

    select * from dated_clusters
    union all
    select * from undated_clusters

),

tombstones as (

    select
        cast(null as {{ dbt.type_string() }}) as mention_id,
        cast(null as {{ dbt.type_string() }}) as engagement_id,
        affected_groups.engagement_group,
        cast(null as {{ dbt.type_string() }}) as article_key
    from affected_groups
    where affected_groups.engagement_group not in (select scoped_mentions.engagement_group from scoped_mentions)

),

group_rows as (

    select * from clusters
    union all
    select * from tombstones

),

final as (

    select
        group_rows.*,
        refresh.refreshed_position,
        refresh.refreshed_extraction_seq
    from group_rows
    cross join refresh

)

select * from final
