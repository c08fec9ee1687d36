with engagement_types as (

    select * from {{ ref('stg_reference__engagement_types') }}

),

final as (

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

select * from final
