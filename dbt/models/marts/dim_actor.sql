-- Governments, organisations and officials: every office holder in the seeds, plus officials the
-- extractor found by their title who are not in the seeds.
with countries as (

    select * from {{ ref('dim_country') }}

),

office_holders as (

    select * from {{ ref('stg_reference__office_holders') }}

),

participants as (

    select * from {{ ref('stg_extraction__mention_participants') }}

),

current_mentions as (

    select mention_id from {{ ref('int_engagement_mentions') }}

),

latest_terms as (

    select
        *,
        row_number() over (partition by person_id order by start_date desc, title) as recency
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

found_people as (

    select
        participants.actor_id,
        min(actor_name) as name,
        'person' as kind,
        min(country_code) as country_code,
        min(actor_title) as title
    from participants
    inner join current_mentions on participants.mention_id = current_mentions.mention_id
    where participants.actor_id is not null
        and actor_id not in (select person_id from office_holders)
    group by participants.actor_id

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
