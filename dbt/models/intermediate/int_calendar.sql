-- A calendar covering every engagement and publication date, padded to whole months: the days of
-- dim_date and the weeks and months of the topic mart.
{{ config(materialized='view') }}

with articles as (

    select * from {{ ref('int_article_versions') }}

),

engagements as (

    select * from {{ ref('int_engagements') }}

),

bounds as (

    select
        min(day) as first_day,
        max(day) as last_day
    from (
        select published_date as day from articles
        union all
        select engagement_date as day from engagements
    ) as report_dates

),

spine as (

    {{ dbt.date_spine('day', "cast('1990-01-01' as date)", "cast('2041-01-01' as date)") }}

),

days as (

    select cast(spine.date_day as date) as date_day
    from spine
    cross join bounds
    where spine.date_day >= {{ dbt.date_trunc('month', 'bounds.first_day') }}
        and spine.date_day < {{ dbt.dateadd('month', 1, dbt.date_trunc('month', 'bounds.last_day')) }}

),

final as (

    select
        date_day,
        cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start,
        cast({{ dbt.date_trunc('quarter', 'date_day') }} as date) as quarter_start,
        cast(extract(year from date_day) as {{ dbt.type_bigint() }}) as year,
        cast(extract(month from date_day) as {{ dbt.type_bigint() }}) as month,
        cast(extract(day from date_day) as {{ dbt.type_bigint() }}) as day_of_month,
        {{ iso_day_of_week('date_day') }} as iso_day_of_week
    from days

)

select * from final
