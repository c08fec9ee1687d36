with organisations as (

    select * from {{ ref('organisations') }}

),

renamed as (

    select
        upper(org_code) as org_code,
        name,
        region,
        org_kind
    from organisations

)

select * from renamed
