with countries as (

    select * from {{ ref('countries') }}

),

renamed as (

    select
        upper(country_code) as country_code,
        upper(iso2) as iso2,
        name,
        region,
        subregion
    from countries

)

select * from renamed
