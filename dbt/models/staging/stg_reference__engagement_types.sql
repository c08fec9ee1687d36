with engagement_types as (

    select * from {{ ref('engagement_types') }}

),

renamed as (

    select
        engagement_type,
        cameo_code,
        cameo_label,
        plover_event,
        plover_mode,
        is_multilateral,
        description
    from engagement_types

)

select * from renamed
