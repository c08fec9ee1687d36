-- One row per real-world engagement, with the date of its most precise report.
with mentions as (

    select * from {{ ref('int_engagement_mentions') }}

),

clusters as (

    select * from {{ ref('int_engagement_clusters') }}

),

clustered_mentions as (

    select
        clusters.engagement_id,
        mentions.*,
        case mentions.date_precision
            when 'day' then 0 when 'week' then 1 when 'month' then 2 when 'approx' then 3 else 4
        end as precision_rank
    from mentions
    inner join clusters on mentions.mention_id = clusters.mention_id

),

ranked as (

    select
        *,
        row_number() over (
            partition by engagement_id
            order by precision_rank, engagement_date, position, mention_index
        ) as report_rank
    from clustered_mentions

),

best_report as (

    select * from ranked where report_rank = 1

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

final as (

    select
        best_report.engagement_id,
        best_report.engagement_type,
        best_report.status,
        best_report.engagement_date,
        best_report.date_precision,
        best_report.participant_key,
        summary.is_invitation,
        summary.n_articles,
        summary.n_mentions,
        summary.first_reported_date,
        summary.first_position
    from best_report
    inner join summary on best_report.engagement_id = summary.engagement_id

)

select * from final
