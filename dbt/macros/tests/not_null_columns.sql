{#- Generic test: rows where any of `columns` is null (one test instead of one per column). -#}
{% test not_null_columns(model, columns) %}

select *
from {{ model }}
where {% for column in columns %}{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %}

{% endtest %}
