-- One row per real-world engagement, with the date of its most precise report.
-- Incremental by engagement group (see int_engagement_clusters); a group without engagements any
-- more keeps a tombstone row (engagement_id null).
{{ config(
    materialized=incremental_materialization(),
    unique_key='engagement_group',
    incremental_strategy='delete+insert',
) }}

with clusters as (

    select * from {{ ref('int_engagement_clusters') }}

),

mentions as (

    select * from {{ ref('int_engagement_mentions') }}

),

date_precisions as (

    select * from {{ ref('stg_reference__date_precisions') }}

),

refreshed_clusters as (

    {{ refreshed_cluster_rows('clusters') }}

),

clustered_mentions as (

    select
        refreshed_clusters.engagement_id,
        refreshed_clusters.refreshed_position,
        refreshed_clusters.refreshed_extraction_seq,
        mentions.*,
        coalesce(
            date_precisions.precision_rank,
            (select max(all_precisions.precision_rank) as lowest_rank from date_precisions as all_precisions)
        ) as precision_rank
    from mentions
    inner join refreshed_clusters on mentions.mention_id = refreshed_clusters.mention_id
    left join date_precisions on mentions.date_precision = date_precisions.date_precision

),

ranked as (

    select
        *,
        row_number() over (
            partition by engagement_id
            order by precision_rank, engagement_date nulls last, position, mention_index
        ) as report_rank
    from clustered_mentions

),

best_report as (

    select * from ranked
    where report_rank = 1

),

summary as (

    select
        engagement_id,
        count(distinct article_id) as n_articles,
        count(*) as n_mentions,
        min(published_date) as first_reported_date,
        min(position) as first_position,
        max(case when is_invitation then 1 else 0 end) = 1 as is_invitation
    from clustered_mentions
    group by engagement_id

),

engagements as (

    select
        best_report.engagement_id,
        best_report.engagement_group,
        best_report.engagement_type,
        best_report.status,
        best_report.engagement_date,
        best_report.date_precision,
        best_report.participant_key,
        summary.is_invitation,
        summary.n_articles,
        summary.n_mentions,
        summary.first_reported_date,
        summary.first_position,
        best_report.refreshed_position,
        best_report.refreshed_extraction_seq
    from best_report
    inner join summary on best_report.engagement_id = summary.engagement_id

),

tombstones as (

    {{ group_tombstones('refreshed_clusters', 'engagements') }}

),

final as (

    select * from engagements
    union all
    select
        cast(null as {{ dbt.type_string() }}) as engagement_id,
        engagement_group,
        cast(null as {{ dbt.type_string() }}) as engagement_type,
        cast(null as {{ dbt.type_string() }}) as status,
        cast(null as date) as engagement_date,
        cast(null as {{ dbt.type_string() }}) as date_precision,
        cast(null as {{ dbt.type_string() }}) as participant_key,
        cast(null as boolean) as is_invitation,
        cast(null as {{ dbt.type_bigint() }}) as n_articles,
        cast(null as {{ dbt.type_bigint() }}) as n_mentions,
        cast(null as date) as first_reported_date,
        cast(null as {{ dbt.type_bigint() }}) as first_position,
        refreshed_position,
        refreshed_extraction_seq
    from tombstones

)

select * from final
