-- Every two participants (countries or organisations) of one engagement, in code order: a meeting of
-- five makes ten pairs. The one place pairs are formed: the country-pair mart, the topic mart's
-- distinct pairs, fct_engagement_country_pairs (the report and the analyses) all read it.
{{ config(materialized='table') }}

with participants as (

    select * from {{ ref('int_engagement_participants') }}
    where engagement_id is not null

),

codes as (

    select * from {{ ref('int_countries_and_organisations') }}

),

pairs as (

    select
        a.engagement_id,
        a.country_code as first_code,
        b.country_code as second_code
    from participants as a
    inner join participants as b
        on a.engagement_id = b.engagement_id
        and a.country_code < b.country_code

),

final as (

    select
        pairs.engagement_id,
        {{ dbt.concat(['pairs.first_code', "'-'", 'pairs.second_code']) }} as country_pair,
        pairs.first_code,
        pairs.second_code,
        coalesce(first_country.name, pairs.first_code) || ' – ' || coalesce(second_country.name, pairs.second_code)
            as pair_name,
        case
            when coalesce(first_country.kind, 'country') = 'organisation'
                and coalesce(second_country.kind, 'country') = 'organisation' then 'organisation_organisation'
            when coalesce(first_country.kind, 'country') = 'organisation'
                or coalesce(second_country.kind, 'country') = 'organisation' then 'country_organisation'
            else 'country_country'
        end as pair_kind
    from pairs
    left join codes as first_country on pairs.first_code = first_country.country_code
    left join codes as second_country on pairs.second_code = second_country.country_code

)

select * from final
