with office_holders as (

    select * from {{ ref('office_holders') }}

),

renamed as (

    select
        person_id,
        name,
        title,
        role,
        upper(country_code) as country_code,
        start_date,
        end_date
    from office_holders

)

select * from renamed
