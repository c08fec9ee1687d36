-- Every ISO 3166-1 country and the international organisations that engagements name, with their
-- kind: the codes a participant can have, for dim_country, dim_actor and the country pairs.
{{ config(materialized='view') }}

with countries as (

    select * from {{ ref('stg_reference__countries') }}

),

organisations as (

    select * from {{ ref('stg_reference__organisations') }}

),

final as (

    select
        country_code,
        name,
        region,
        subregion,
        'country' as kind,
        iso2
    from countries

    union all

    select
        org_code as country_code,
        name,
        region,
        org_kind as subregion,
        'organisation' as kind,
        cast(null as {{ dbt.type_string() }}) as iso2
    from organisations

)

select * from final
