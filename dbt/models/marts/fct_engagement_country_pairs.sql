-- Every two participants (countries or organisations) of one engagement, in code order, named: the
-- pairs the country-pair mart counts, for the report and for analyses by pair.
{{ config(materialized='view') }}

with country_pairs as (

    select * from {{ ref('int_engagement_country_pairs') }}

),

final as (

    select
        engagement_id,
        country_pair,
        first_code,
        second_code,
        pair_name,
        pair_kind
    from country_pairs

)

select * from final
