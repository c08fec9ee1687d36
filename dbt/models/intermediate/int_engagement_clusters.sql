-- Reports of one real-world engagement (same type, status and participants, dates chained within
-- `same_engagement_max_days`) share one engagement_id. Undated reports of the same type, status
-- and participants form one engagement of their own.
with mentions as (

    select * from {{ ref('int_engagement_mentions') }}

),

dated as (

    select
        *,
        lag(engagement_date) over (
            partition by engagement_type, status, participant_key
            order by engagement_date, position, mention_index
        ) as previous_date
    from mentions
    where engagement_date is not null

),

island_starts as (

    select
        *,
        case
            when previous_date is null then 1
            when {{ dbt.datediff('previous_date', 'engagement_date', 'day') }} > {{ var('same_engagement_max_days') }} then 1
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
        {{ dbt.hash(dbt.concat(['engagement_type', "'|'", 'status', "'|'", 'participant_key', "'|'", dbt.cast('island_start_date', api.Column.translate_type('string'))])) }} as engagement_id
    from island_anchors

),

undated_clusters as (

    select
        mention_id,
        {{ dbt.hash(dbt.concat(['engagement_type', "'|'", 'status', "'|'", 'participant_key', "'|undated'"])) }} as engagement_id
    from mentions
    where engagement_date is null

),

final as (

    select * from dated_clusters
    union all
    select * from undated_clusters

)

select * from final
