"""Resolving date expressions against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from dagster_project.extraction.dates import find_dates

PUBLISHED = date(2025, 1, 28)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "planned", "expected"),
    [
        ("spoke on Monday", False, (date(2025, 1, 27), "day")),
        ("will meet on Monday", True, (date(2025, 2, 3), "day")),
        ("spoke today", False, (PUBLISHED, "day")),
        ("spoke yesterday evening", False, (date(2025, 1, 27), "day")),
        ("visited last week", False, (date(2025, 1, 20), "week")),
        ("on January 21", False, (date(2025, 1, 21), "day")),
        ("on November 7 last year", False, (date(2024, 11, 7), "day")),
        ("on November 7", False, (date(2024, 11, 7), "day")),
        ("will travel on March 3", True, (date(2025, 3, 3), "day")),
        ("The day after the inauguration on January 20", False, (date(2025, 1, 21), "day")),
        ("their meeting in September", False, (date(2024, 9, 1), "month")),
        ("from November 14-18, 2022", True, (date(2022, 11, 14), "day")),
        ("on 24 February 2020", False, (date(2020, 2, 24), "day")),
        ("earlier this month", False, (date(2025, 1, 1), "month")),
        ("the visits he will make in two more weeks", True, (date(2025, 2, 10), "week")),
        ("they will meet in 3 days", True, (date(2025, 1, 31), "day")),
        ("he met Putin two weeks ago", False, (date(2025, 1, 13), "week")),
        ("Trump's planned November visit", True, (date(2025, 11, 1), "month")),
    ],
)
def test_date_resolution(text: str, planned: bool, expected: tuple[date, str]) -> None:
    found = find_dates(text)
    assert found, text
    assert found[0].resolve(PUBLISHED, planned) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("held on 24 and 25 February 2020", (date(2020, 2, 24), "day")),
        ("from March 26 to 27", (date(2025, 3, 26), "day")),
        ("spoke last night", (date(2025, 1, 27), "day")),
    ],
)
def test_day_ranges_and_last_night(text: str, expected: tuple[date, str]) -> None:
    found = find_dates(text)
    assert found, text
    assert found[0].resolve(PUBLISHED, planned=True) == expected
