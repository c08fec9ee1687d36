"""What the sample article must yield (the product was specified from it), as checks shared by the
extractor unit test and the warehouse test. Each check finds one engagement and returns it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ExpectedEngagement:
    label: str
    engagement_type: str
    participants: frozenset[str]
    earliest: date
    latest: date
    topics: frozenset[str] = frozenset()
    participants_exact: bool = True

    def matches(self, etype: str, status: str, codes: set[str], day: date | None, topics: set[str]) -> bool:
        if etype != self.engagement_type or status != "occurred" or day is None:
            return False
        same_parties = codes == self.participants if self.participants_exact else self.participants <= codes
        return same_parties and self.earliest <= day <= self.latest and self.topics <= topics


SAMPLE_ARTICLE_ENGAGEMENTS = [
    ExpectedEngagement(
        "Modi-Trump call on Monday", "phone_call", frozenset({"IND", "USA"}), date(2025, 1, 27), date(2025, 1, 27)
    ),
    ExpectedEngagement(
        "call after the election", "phone_call", frozenset({"IND", "USA"}), date(2024, 11, 7), date(2024, 11, 7)
    ),
    ExpectedEngagement(
        "Jaishankar's visit for the inauguration",
        "visit",
        frozenset({"IND", "USA"}),
        date(2025, 1, 20),
        date(2025, 1, 26),
    ),
    ExpectedEngagement(
        "letter from Modi to Trump", "letter", frozenset({"IND", "USA"}), date(2025, 1, 20), date(2025, 1, 26)
    ),
    ExpectedEngagement(
        "Jaishankar-Rubio meeting",
        "meeting",
        frozenset({"IND", "USA"}),
        date(2025, 1, 21),
        date(2025, 1, 21),
        frozenset({"migration", "trade", "defence", "energy", "technology"}),
    ),
    ExpectedEngagement(
        "Quad foreign ministers' meeting",
        "multilateral_meeting",
        frozenset({"QUAD", "IND"}),
        date(2025, 1, 21),
        date(2025, 1, 21),
        participants_exact=False,
    ),
]
