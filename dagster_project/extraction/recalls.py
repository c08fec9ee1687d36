"""Earlier engagements told by an ordinal that refers back to an engagement just named: "The meeting at the
DMZ is Trump's third with Kim. The first was in Singapore in June 2018. The second, held in Hanoi, in
February, ended without an agreement." Each such sentence with a date of its own is one more engagement of
the same sides and type, on that date."""

from __future__ import annotations

import copy
import re

from dagster_project.extraction.dates import DateExpression
from dagster_project.extraction.engagement_model import ArticleContext, Engagement
from dagster_project.extraction.text import Sentence

# "The first was ...", "The second, held in Hanoi, in February, ended ...", "Their previous meeting took place",
# "The first such exchange took place on January 26".
ORDINAL_RECALL = re.compile(
    r"(?:The|Their|His|Her)\s+(?:first|second|third|fourth|fifth|previous|last|earlier|initial)"
    r"(?:\s+such)?(?:\s+(?:one|meeting|summit|visit|encounter|call|phone\s+call|round|exchange|conversation|talks))?"
    r"(?:\s*,[^.;]{1,80},)?\s+(?:was|were|took\s+place|came|happened|occurred|ended|broke\s+up|[a-z]+ed\s+in)\b"
)
RECALLED_TYPES = frozenset({"meeting", "visit", "phone_call"})


def recalls_engagement(sentence: Sentence) -> bool:
    """Whether the sentence opens by recalling an ordinal engagement ("The first was in Singapore")."""
    return ORDINAL_RECALL.match(sentence.text) is not None


def recalled_engagement(
    sentence: Sentence, dates: list[DateExpression], earlier: list[Engagement], ctx: ArticleContext
) -> Engagement | None:
    """The engagement an ordinal sentence recalls: the last one of the previous sentence with two sides, again
    on the sentence's own date; None without a date (nothing new is told) or without such an engagement."""
    own_dates = [d for d in dates if not d.inherited]
    antecedent = _antecedent(sentence.index, earlier, ctx) if own_dates else None
    if antecedent is None:
        return None
    day, precision = own_dates[0].resolve(ctx.published, planned=False)
    if day is None or day > ctx.published:
        return None
    recalled = copy.copy(antecedent)
    recalled.participants = list(recalled.participants)
    recalled.topics = set()
    recalled.status, recalled.is_invitation = "occurred", False
    recalled.engagement_date, recalled.date_precision = day, precision
    recalled.sentence_index, recalled.char_start, recalled.char_end = sentence.index, sentence.start, sentence.end
    recalled.evidence, recalled.trigger_start = sentence.text, sentence.start
    return recalled


def _antecedent(index: int, earlier: list[Engagement], ctx: ArticleContext) -> Engagement | None:
    """The engagement the ordinal counts: one told in the sentence before, else the last one of the sides that
    sentence names ("The meeting at the DMZ is Trump's third with Kim")."""
    kinds = [e for e in earlier if e.engagement_type in RECALLED_TYPES]
    told_before = [e for e in kinds if e.sentence_index == index - 1]
    if told_before:
        return told_before[-1]
    mentions = ctx.sentence_refs.get(index - 1)
    named = mentions.codes if mentions is not None else set()
    return next((e for e in reversed(kinds) if len(e.codes) >= 2 and e.codes <= named), None)
