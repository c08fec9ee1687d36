{#- The weeks and months of engagements, shared by the topic mart (int_topic_periods, incremental) and
    the country-pair mart (rebuilt whole), so that both count the same periods over the same range. -#}

{#- Each dated engagement of `engagements` with its week and its month: the `columns`, then
    `grain, period_start`; only the occurred ones unless `occurred_only` is false. -#}
{% macro engagement_periods(engagements, columns=['engagement_id'], occurred_only=true) -%}
    {%- for grain in ['week', 'month'] %}
    select
        {{ columns | join(', ') }},
        '{{ grain }}' as grain,
        cast({{ dbt.date_trunc(grain, 'engagement_date') }} as date) as period_start
    from {{ engagements }}
    where {% if occurred_only %}status = 'occurred' and {% endif %}engagement_date is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- Each occurred, dated engagement of `engagements` with its week and its month: the `columns`, then
    `grain, period_start`. -#}
{% macro occurred_engagement_periods(engagements, columns=['engagement_id']) -%}
    {{ engagement_periods(engagements, columns, occurred_only=true) }}
{%- endmacro %}

{#- The active range of each grain: from the first to the last period with an occurred engagement of
    `engagements`, as `grain, first_period, last_period`. -#}
{% macro active_period_range(engagements) -%}
    select grain, min(period_start) as first_period, max(period_start) as last_period
    from ({{ occurred_engagement_periods(engagements) }}) as engagement_periods
    group by grain
{%- endmacro %}

{#- The start of the period `steps` periods after (before, when negative) `period_start`, of the grain
    held in the column `grain` (week or month), as a date. -#}
{% macro shift_period(grain, period_start, steps) -%}
    cast(
        case {{ grain }}
            when 'week' then {{ dbt.dateadd('week', steps, period_start) }}
            else {{ dbt.dateadd('month', steps, period_start) }}
        end as date
    )
{%- endmacro %}
