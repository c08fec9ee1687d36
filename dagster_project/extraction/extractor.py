"""Extract diplomatic engagements (who engaged whom, how, when, about what) from one article.

The extractor is rule-based and driven by the seed dictionaries (see `gazetteer.py`), and runs in stages:
1. find places, office holders, titles, triggers, modality cues and topic keywords in one scan;
2. per sentence (`sentences.py`), resolve actors (`actors.py`): named office holders by date, titled
   officials by the country next to them, bare titles ("the Prime Minister", "the Secretary") and later
   mentions ("Mr Modi", "the two leaders", "she") by context, officials unknown to the seeds by the
   colleague or place named with them;
3. per clause of a sentence with trigger words (`clauses.py`), group trigger words into engagements
   (`predicates.py`) with a subject and counterparts (`roles.py`, `participants.py`: one per listed
   country), a type, a status (`modality.py`: occurred or planned; hypotheticals, negations, generic and
   back-referring mentions are dropped) and a date (`engagement_dates.py`);
4. give each engagement the topics of its own words and of the sentences continuing its account
   (see `topics.py`);
5. merge mentions of the same engagement within the article, then let the headline confirm, date
   or supply engagements (`merging.py`).
"""

from __future__ import annotations

import functools
from datetime import date

from dagster_project.extraction.actors import ActorResolver, body_dateline
from dagster_project.extraction.dictionary_scan import KIND
from dagster_project.extraction.engagement_model import (
    ArticleContext,
    ArticleExtraction,
    Diagnostic,
    Engagement,
)
from dagster_project.extraction.gazetteer import Gazetteer, Match
from dagster_project.extraction.merging import (
    merge_within_article,
    placed_engagements,
    with_title_engagements,
    without_called_off,
    without_former_officials,
)
from dagster_project.extraction.publisher import Publisher, publisher_country
from dagster_project.extraction.sentences import engagements_of_text, officials_of_headline
from dagster_project.extraction.topics import give_lead_topics, topic_evidence

__all__ = ["EXTRACTOR_VERSION", "MAX_BODY_CHARS", "ArticleExtraction", "Diagnostic", "Engagement", "Extractor"]

EXTRACTOR_VERSION = "1.8.0"
# Extraction time grows linearly with the text; news articles stay far below this bound (a wire story
# is 2-10k characters). Past it (a feed record holding a whole book), the rest is not read and a
# `truncated` diagnostic says so, so that one record never holds the writer for minutes.
MAX_BODY_CHARS = 300_000


class Extractor:
    """Turns article bodies into engagements using the seed dictionaries."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.g = gazetteer
        self.resolver = ActorResolver(gazetteer)
        self.governments = frozenset(gazetteer.country_names) | frozenset(gazetteer.org_codes)

    def extract(
        self,
        body: str,
        published: date,
        dateline: str | None = None,
        title: str | None = None,
        publisher: Publisher | None = None,
    ) -> ArticleExtraction:
        """Engagements of one article (its body, completed by its title) and the article's topics.
        `publisher` is what the article says about who published it (its address and source name)."""
        body, truncated = _bounded(body)
        home = publisher_country(publisher.url, publisher.source, self.g) if publisher else None
        result = self._extract_bounded(body, published, dateline, title, home)
        if truncated:
            result.diagnostics.append(Diagnostic("truncated", -1, f"read {len(body)} of {truncated} characters"))
        return result

    def _extract_bounded(
        self, body: str, published: date, dateline: str | None, title: str | None, publisher_home: str | None
    ) -> ArticleExtraction:
        lowered = body.lower()  # lowered once for the scan and the sentence rules
        matches = self.g.scan(body, lowered)
        title_matches = self.g.scan(title) if title else []
        if not _has_trigger(matches) and not _has_trigger(title_matches):
            # Every engagement starts at a trigger word: without one, only the article's topics remain.
            return ArticleExtraction([], _topics_of(topic_evidence(matches, body, self.g.org_codes)))
        matches = self.g.with_later_mentions(matches, body)
        return self._extract_article(body, lowered, published, dateline, title, matches, title_matches, publisher_home)

    def _extract_article(
        self,
        body: str,
        lowered: str,
        published: date,
        dateline: str | None,
        title: str | None,
        matches: list[Match],
        title_matches: list[Match],
        publisher_home: str | None,
    ) -> ArticleExtraction:
        # The article's own government stands for a bare title ("The Prime Minister spoke to ...") only where the
        # article says who published it (its address or source) or where it was filed (its dateline); never guessed.
        home = publisher_home or self.resolver.dateline_code(dateline)
        dateline_code = self.resolver.dateline_code(dateline or body_dateline(body))
        context = ArticleContext(published, body, home, dateline_code=dateline_code)
        if title:
            context.headline_people = functools.cache(
                lambda: officials_of_headline(self.resolver, title, title_matches, context)
            )
        engagements, evidence = engagements_of_text(self.resolver, body, matches, context, lowered)
        engagements = without_former_officials(engagements, context.former_people, self.g.terms_by_person, published)
        merged = without_called_off(merge_within_article(engagements, self.g.org_codes), context.cancelled)
        if title and _has_trigger(title_matches):  # else the headline states no engagement
            title_context = ArticleContext(published, title, home, mentioned_codes=context.mentioned_codes)
            found, _ = engagements_of_text(self.resolver, title, title_matches, title_context)
            merged = with_title_engagements(
                merged, merge_within_article(found, self.g.org_codes), title, self.g.org_members
            )
        placed, unplaced = placed_engagements(merged, self.governments)
        give_lead_topics(placed, evidence)
        return ArticleExtraction(placed, _topics_of(evidence), unplaced)


def _bounded(body: str) -> tuple[str, int]:
    """The body cut to at most `MAX_BODY_CHARS` at a paragraph or sentence end, and its full length
    when it was cut (else 0)."""
    if len(body) <= MAX_BODY_CHARS:
        return body, 0
    cut = max(body.rfind("\n", 0, MAX_BODY_CHARS), body.rfind(". ", 0, MAX_BODY_CHARS) + 1)
    return body[: cut if cut > 0 else MAX_BODY_CHARS], len(body)


def _has_trigger(matches: list[Match]) -> bool:
    return "trigger" in map(KIND, matches)


def _topics_of(evidence: list[Match]) -> set[str]:
    return {topic for match in evidence for topic in match.values}
