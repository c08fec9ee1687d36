-- Who are the most active actors?
-- Officials (when the report names them) and otherwise the government or organisation itself, by the
-- number of engagements they took part in, with how many they initiated and how many counterparts.
with participants as (

    select
        engagement_id,
        country_code,
        role,
        coalesce(actor_id, 'gov_' || lower(country_code)) as actor_id
    from {{ ref('fct_engagement_participants') }}

),

-- Each engagement's pairs seen from either end: a participant and one counterpart.
pair_ends as (

    select
        engagement_id,
        first_code as country_code,
        second_code as counterpart_code
    from {{ ref('fct_engagement_country_pairs') }}
    union all
    select
        engagement_id,
        second_code as country_code,
        first_code as counterpart_code
    from {{ ref('fct_engagement_country_pairs') }}

),

counterparts as (

    select
        participants.actor_id,
        count(distinct pair_ends.counterpart_code) as counterpart_countries
    from participants
    inner join pair_ends
        on participants.engagement_id = pair_ends.engagement_id
        and participants.country_code = pair_ends.country_code
    group by participants.actor_id

)

select
    participants.actor_id,
    coalesce(actors.name, participants.actor_id) as actor,
    coalesce(actors.kind, 'government') as kind,
    any_value(participants.country_code) as country_code,
    count(distinct participants.engagement_id) as engagements,
    count(distinct case when participants.role = 'initiator' then participants.engagement_id end) as initiated,
    coalesce(any_value(counterparts.counterpart_countries), 0) as counterpart_countries,
    min(engagements.engagement_date) as first_engagement_date,
    max(engagements.engagement_date) as latest_engagement_date
from participants
inner join {{ ref('fct_engagements') }} as engagements on participants.engagement_id = engagements.engagement_id
left join {{ ref('dim_actor') }} as actors on participants.actor_id = actors.actor_id
left join counterparts on participants.actor_id = counterparts.actor_id
group by participants.actor_id, actors.name, actors.kind
order by engagements desc, initiated desc, actor asc
limit {{ var('limit', 25) }}
