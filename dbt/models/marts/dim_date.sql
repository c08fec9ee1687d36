-- A calendar covering every engagement and publication date, padded to whole months.
with calendar as (

    select * from {{ ref('int_calendar') }}

),

final as (

    select
        date_day,
        week_start,
        month_start,
        quarter_start,
        year,
        month,
        day_of_month,
        iso_day_of_week
    from calendar

)

select * from final
