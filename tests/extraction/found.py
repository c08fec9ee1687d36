"""What the extractor finds in a short text, as the rule tests compare it: per engagement its type, status,
sorted participant codes and date."""

from __future__ import annotations

from datetime import date

from dagster_project.extraction.extractor import Extractor

Found = tuple[str, str, list[str], date | None]


def found(extractor: Extractor, body: str, day: date) -> list[Found]:
    return [
        (e.engagement_type, e.status, sorted(e.codes), e.engagement_date)
        for e in extractor.extract(body, day).engagements
    ]
