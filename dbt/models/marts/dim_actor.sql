-- Governments, organisations and officials: every office holder in the seeds, plus officials the
-- extractor found by their title who are not in the seeds.
with countries as (

    select * from {{ ref('int_countries_and_organisations') }}

),

office_holders as (

    select * from {{ ref('stg_reference__office_holders') }}

),

found_people as (

    select * from {{ ref('int_officials_found_by_title') }}

),

latest_terms as (

    select
        *,
        row_number() over (
            partition by person_id order by start_date desc nulls last, title asc, country_code asc, role asc
        ) as recency
    from office_holders

),

seeded_people as (

    select
        person_id as actor_id,
        name,
        'person' as kind,
        country_code,
        title
    from latest_terms
    where recency = 1

),

governments as (

    select
        {{ dbt.concat(["'gov_'", 'lower(country_code)']) }} as actor_id,
        {{ dbt.concat(["'Government of '", 'name']) }} as name,
        case when kind = 'organisation' then 'organisation' else 'government' end as kind,
        country_code,
        cast(null as {{ dbt.type_string() }}) as title
    from countries

),

final as (

    select * from seeded_people
    union all
    select * from found_people
    union all
    select * from governments

)

select * from final
