with date_precisions as (

    select * from {{ ref('date_precisions') }}

),

renamed as (

    select
        date_precision,
        precision_rank,
        description
    from date_precisions

)

select * from renamed
