"""The extractor the rule tests share: one per test session, built from the seed dictionaries."""

from __future__ import annotations

import pytest

from dagster_project.extraction.extractor import Extractor
from tests.corpus_scoring import extractor as shared_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return shared_extractor()
