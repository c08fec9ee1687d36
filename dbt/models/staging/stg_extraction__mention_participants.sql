with source as (

    select * from {{ source('extraction', 'mention_participants') }}

),

renamed as (

    select
        mention_id,
        upper(country_code) as country_code,
        role,
        actor_id,
        actor_name,
        actor_title
    from source

)

select * from renamed
