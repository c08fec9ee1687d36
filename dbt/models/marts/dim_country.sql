-- Every ISO 3166-1 country and the international organisations that engagements name.
with countries as (

    select * from {{ ref('int_countries_and_organisations') }}

),

final as (

    select
        country_code,
        name,
        region,
        subregion,
        kind,
        iso2
    from countries

)

select * from final
