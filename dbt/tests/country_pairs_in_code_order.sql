-- Each pair of participants holds two different codes in alphabetical order, joined in that order in
-- country_pair: the order every consumer of the pairs relies on (the marts, the report, the analyses).
with pairs as (

    select * from {{ ref('fct_engagement_country_pairs') }}

)

select *
from pairs
where not first_code < second_code
    or country_pair != first_code || '-' || second_code
