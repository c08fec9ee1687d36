{#- The rows of the topic mart are computed incrementally by period (int_topic_periods); these are the
    parts of that model that also run outside its select (its hooks). The periods themselves come from
    macros/periods/engagement_periods.sql. -#}

{#- Pre-hook: on a refresh, delete the periods outside the active range (from the first to the last
    period with an occurred engagement), which the range lost since the last build. -#}
{% macro delete_topic_periods_outside_active_range() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where not exists (
        select 1
        from ({{ active_period_range(ref('int_engagements')) }}) as active_range
        where active_range.grain = {{ this.identifier }}.grain
            and {{ this.identifier }}.period_start between active_range.first_period and active_range.last_period
    )
    {%- endif -%}
{%- endmacro %}

{#- The watermarks the mart reflects once built: the highest log position and extraction sequence of
    the articles (a group a later refresh recomputes is stamped above them). -#}
{% macro topic_mart_watermarks() -%}
    select
        coalesce(max(article_last_position), 0) as refreshed_position,
        coalesce(max(article_extraction_seq), 0) as refreshed_extraction_seq
    from {{ ref('int_article_mentions') }}
{%- endmacro %}

{#- Post-hook: every row, recomputed or not, carries the watermarks the whole mart now reflects. -#}
{% macro stamp_topic_mart_watermarks() -%}
    {{ return(adapter.dispatch('stamp_topic_mart_watermarks', 'news_warehouse')()) }}
{%- endmacro %}

{#- Spark rebuilds the model whole (macros/portability/incremental_materialization.sql): every row is
    already stamped by its select, and `update ... from` is not Spark SQL. -#}
{% macro spark__stamp_topic_mart_watermarks() -%}
{%- endmacro %}

{% macro default__stamp_topic_mart_watermarks() -%}
    update {{ this }}
    set
        refreshed_position = reached.refreshed_position,
        refreshed_extraction_seq = reached.refreshed_extraction_seq
    from ({{ topic_mart_watermarks() }}) as reached
{%- endmacro %}
