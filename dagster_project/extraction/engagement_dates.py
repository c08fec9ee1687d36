"""Dating an engagement: date expressions known from context ("the day after the inauguration", "the same
day"), the expression closest to the engagement's trigger words, and the status its date implies."""

from __future__ import annotations

import re
from datetime import date, timedelta

from dagster_project.extraction.dates import CALENDAR_DAY_KINDS, DateExpression, fixed_date
from dagster_project.extraction.engagement_model import ArticleContext, Engagement, Participant
from dagster_project.extraction.gazetteer import Match
from dagster_project.extraction.text import Sentence

ANCHOR_BEFORE_DATE = re.compile(r"(?:\b(?P<a>[A-Za-z]+)\s+)?\b(?P<b>[A-Za-z]+)\s+(?:on|of)\s+$")
# The lookaheads of the letters a match starts with speed the searches up; the matches are the same.
DAY_AFTER_ANCHOR = re.compile(
    r"(?=[ot])\b(?:on\s+)?the day (?P<dir>after|before)\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?"
    r"(?:\w+['’]s\s+)?(?P<noun>[a-z]+)\b",
    re.I,
)
# A day told by the one before it: "later that day", "that evening" (the same day), "the next day" (one later).
SAME_DAY = re.compile(
    r"(?=[elt])\b(?:(?:earlier|later)\s+)?(?:the same day|that (?:same )?(?:day|morning|afternoon|evening|night))\b",
    re.I,
)
# "... in March and attending": a verb of its own after "and" (a date before it dates the verb before "and").
COORDINATED_VERB = re.compile(r"\band\s+(?:then\s+|also\s+)?[a-z]+(?:ing|ed)\b")
CONTEXT_DAY_WORDS = ("day", "morning", "afternoon", "evening", "night")  # one is in every match of the three
NEXT_DAY = re.compile(r"(?=[to])\b(?:on\s+)?the (?:next|following) (?:day|morning|afternoon|evening)\b", re.I)
UNTIL_BEFORE_DATE = re.compile(r"(?=[tu])\b(?:until|till)\s+(?:the\s+)?$", re.I)
# "after January 1", "since 22 September", "before March": a bound of the engagement's time, not its date.
BOUND_BEFORE_DATE = re.compile(r"(?=[abs])\b(?:after|since|before)\s+(?:the\s+)?$", re.I)
# A clause of another event after the engagement's words: "to visit Sri Lanka after the government assumed
# office on 22 September" (the day the government took office, not the visit's).
SUBORDINATE_CLAUSE = re.compile(
    r"\b(?:after|since|before|until|when|while)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|its\s+|their\s+)?"
    r"[\w\-]+(?:\s+[\w\-]+){0,8}?\s+(?:was|were|had|has|took|assumed|won|became|broke|began|fell|came|went|"
    r"left|made|gave|held|met|lost|[a-z]+ed)\b"
)
# Another event named right before a date: "following his narrow election win last month", "ahead of the vote
# on Sunday" (the date is the event's).
EVENT_BEFORE_DATE = re.compile(
    r"(?=[fbasp])\b(?:following|after|before|since|ahead\s+of|prior\s+to)\s+(?:the|a|an|his|her|its|their)\s+"
    r"[\w\-’']+(?:\s+[\w\-’']+){0,5}?\s+(?:on\s+|in\s+)?\Z"
)
RANGE_GAP = re.compile(r"\s*(?:[-–]|to|through|till|until)\s*")  # between the first and the last day of a range
SAID_BEFORE_DATE = re.compile(r"\b(?:said|says|announced|confirmed|stated|added|told\s+\w+)\s+(?:on\s+)?\Z")
REPORTING = re.compile(r"\b(?:said|says|announced|announces|confirmed|confirms|stated|told)\b")
RELATIVE_OPENING = re.compile(r",\s+(?:who|which)\s")
ANCHOR_STOPWORDS = {"the", "a", "an", "and", "his", "her", "their", "its", "was", "were", "is", "held", "in"}


def dates_in(text: str, dates: list[DateExpression], ctx: ArticleContext) -> list[DateExpression]:
    """Explicit date expressions, plus those known from context: "the day after the
    inauguration" (an event dated earlier in the article) and "the same day". A date an engagement
    lasts until ("will travel ... until 4 February", "from March 30 to April 1") is its end, not its date."""
    dates = [
        d
        for index, d in enumerate(dates)
        if not UNTIL_BEFORE_DATE.search(text, max(0, d.start - 8), d.start)
        and not BOUND_BEFORE_DATE.search(text, max(0, d.start - 11), d.start)
        and not (index and RANGE_GAP.fullmatch(text, dates[index - 1].end, d.start))  # "March 30-April 1"
    ]
    for expression in dates:
        if expression.kind in ("month_day", "day_month", "offset_day"):
            anchor = _anchor_before(text[: expression.start])
            if anchor:
                resolved = expression.resolve(ctx.published, planned=False)
                for noun in (anchor.group("a"), anchor.group("b")):
                    if noun and noun.lower() not in ANCHOR_STOPWORDS and resolved[0]:
                        ctx.anchors[noun.lower()] = (resolved[0], resolved[1])
    if not mentions_day(text.lower()):  # the context patterns below need one of the words
        return dates
    taken = [(d.start, d.end) for d in dates]
    extra = []
    for match in DAY_AFTER_ANCHOR.finditer(text):
        anchor_date = ctx.anchors.get(match.group("noun").lower())
        if anchor_date and not any(s < match.end() and match.start() < e for s, e in taken):
            shift = timedelta(days=1 if match.group("dir").lower() == "after" else -1)
            extra.append(fixed_date(match.start(), match.end(), anchor_date[0] + shift, anchor_date[1]))
    if ctx.last_date:
        last_day, precision = ctx.last_date
        shifts = [(SAME_DAY, 0), (NEXT_DAY, 1)] if precision == "day" else [(SAME_DAY, 0)]
        for pattern, shift in shifts:
            for match in pattern.finditer(text):
                if not any(s < match.end() and match.start() < e for s, e in taken):
                    extra.append(fixed_date(match.start(), match.end(), last_day + timedelta(days=shift), precision))
    return sorted(dates + extra, key=lambda d: d.start)


def mentions_day(lowered: str, start: int = 0, end: int | None = None) -> bool:
    """Whether `lowered[start:end]` holds one of `CONTEXT_DAY_WORDS` (a substring test: faster than a pattern
    of the words, which has no first letter to skip ahead to)."""
    return any(lowered.find(word, start, end) >= 0 for word in CONTEXT_DAY_WORDS)


def _anchor_before(text: str) -> re.Match[str] | None:
    """`ANCHOR_BEFORE_DATE.search(text)`, searched from the last three words on: every match ends the text and
    spans at most three of its words ("the inauguration on"), and the pattern would be tried at every word."""
    head = text.rsplit(None, 3)
    return ANCHOR_BEFORE_DATE.search(text, len(head[0]) if len(head) == 4 else 0)


def dated_engagement(
    etype: str,
    modality: str,
    sentence: Sentence,
    group: list[Match],
    dates: list[DateExpression],
    ctx: ArticleContext,
    participants: list[Participant],
    specificity: int,
) -> Engagement:
    planned = modality in ("planned", "invitation")
    if modality == "invitation" and _taken_up(group, sentence, dates, ctx.published):
        planned, modality = False, "occurred"  # "invited him to visit China in January this year": he came
    expression = _date_for(group, sentence, dates, ctx.published, planned)
    day, precision = expression.resolve(ctx.published, planned) if expression else (None, "unknown")
    if not planned and expression is not None and _still_to_come(expression, day, precision, ctx.published):
        planned = True  # "accepted the invitation to visit Saudi Arabia later this month"
    status = "planned" if planned else "occurred"
    if day is None and not planned:
        day, precision = ctx.published, "approx"
    return Engagement(
        etype,
        status,
        modality == "invitation",
        day,
        precision,
        sentence.index,
        sentence.start,
        sentence.end,
        sentence.text,
        participants,
        specificity=specificity,
        trigger_start=group[0].start,
    )


def _taken_up(group: list[Match], sentence: Sentence, dates: list[DateExpression], published: date) -> bool:
    """An invitation dated after its words to a time already past ("Xi invited Trong to visit China in January
    this year"): the visit took place at that invitation."""
    last = max(m.start for m in group) - sentence.start
    return any(
        not d.inherited
        and d.start > last
        and d.end <= len(sentence.text)
        and _past(d, published)
        and not _in_later_clause(d, [last], sentence.text)
        for d in dates
    )


def _still_to_come(expression: DateExpression, day: date | None, precision: str, published: date) -> bool:
    """A date after publication: a day after tomorrow, a later week or month, "later this month"."""
    if _points_ahead(expression):
        return True
    if day is None:
        return False
    if precision == "day":  # "on 10 March" the day after: still to come; "on Monday" may be a day off
        return day > published + timedelta(days=0 if expression.kind in CALENDAR_DAY_KINDS else 1)
    return precision in ("week", "month") and day > published


def _date_for(
    group: list[Match], sentence: Sentence, dates: list[DateExpression], published: date, planned: bool
) -> DateExpression | None:
    """The date expression closest to any of the engagement's trigger words; an engagement told as past
    is not dated by an expression pointing ahead ("on Wednesday ordered ... to return next week after a
    phone call"), while one that does not point ahead is there."""
    if not dates:
        return None
    offsets = [m.start - sentence.start for m in group]
    in_sentence = [d for d in dates if d.end <= len(sentence.text)]
    pool = in_sentence or dates
    if not planned:
        pool = [d for d in pool if not _points_ahead(d)] or pool
    else:  # "Putin said on July 27 that ... He invited Trump to visit": the day of the saying, not of the visit
        pool = [
            d
            for d in pool
            if not (d.inherited and _points_back(d, published))
            and not _past(d, published)
            and not _day_of_saying(d, offsets, sentence.text)
        ]
        if not pool:
            return None
    pool = _relative_clause_dates(pool, offsets, sentence.text)
    if not pool:
        return None
    pool = _own_clause_dates(pool, offsets, sentence.text)
    pool = [d for d in pool if not _in_later_clause(d, offsets, sentence.text)]
    if not pool:
        return None
    best = min(pool, key=lambda d: min(min(abs(d.start - o), abs(d.end - o)) for o in offsets))
    return best


def _relative_clause_dates(pool: list[DateExpression], offsets: list[int], text: str) -> list[DateExpression]:
    """Only the dates inside the relative clause that holds the engagement's words ("Albanese, who met Xi in
    Bali last year, will travel to Beijing in November": November is the travel's)."""
    first = min(offsets)
    # every opening holds "who" or "which": most texts hold neither before the trigger and skip the pattern
    openings = list(RELATIVE_OPENING.finditer(text, 0, first)) if text.find("wh", 0, first) >= 0 else []
    opening = openings[-1] if openings else None
    if opening is None or "," in text[opening.end() : first]:
        return pool
    closing = text.find(",", max(offsets))
    end = closing if closing >= 0 else len(text)
    return [d for d in pool if d.inherited or opening.end() <= d.start < end]


def _in_later_clause(expression: DateExpression, offsets: list[int], text: str) -> bool:
    """A date after the engagement's words inside a clause of another event that follows them."""
    last = max(offsets)
    if expression.start <= last:
        return False
    if EVENT_BEFORE_DATE.search(text, max(last, expression.start - 60), expression.start) is not None:
        return True
    return SUBORDINATE_CLAUSE.search(text, last, expression.start) is not None


def _own_clause_dates(pool: list[DateExpression], offsets: list[int], text: str) -> list[DateExpression]:
    """Without the dates of a verb coordinated before the engagement's ("visiting Moscow in March and attending a
    summit in South Africa earlier this month"), when a date follows the engagement's trigger words."""
    if len(pool) < 2:
        return pool
    first = min(offsets)
    if not any(d.start >= first and not d.inherited for d in pool):
        return pool
    own = [d for d in pool if d.inherited or d.start >= first or not COORDINATED_VERB.search(text, d.end, first)]
    return own or pool


def _points_back(expression: DateExpression, published: date) -> bool:
    """An expression read as past (as an occurred engagement would read it) that points before publication."""
    day, _ = expression.resolve(published, planned=False)
    return day is not None and day < published


def _day_of_saying(expression: DateExpression, offsets: list[int], text: str) -> bool:
    """The day a plan was told, not its own: "said on Wednesday that he will travel", "On Tuesday, the
    spokeswoman said the president would travel", "..., an official said Sunday"."""
    if expression.inherited:
        return False
    if SAID_BEFORE_DATE.search(text, max(0, expression.start - 30), expression.start):
        return True  # "..., a White House official said Sunday"
    return expression.start < min(offsets) and REPORTING.search(text, expression.end, min(offsets)) is not None


def _past(expression: DateExpression, published: date) -> bool:
    """An expression before publication even when read as ahead ("yesterday", "last week"): the date of
    something else in the sentence ("his office said yesterday"), never of a planned engagement."""
    if (expression.groups.get("which") or "").lower().startswith(("earlier", "last")):
        return True  # "earlier this month": only ever past
    day, precision = expression.resolve(published, planned=True)
    if day is None:
        return False
    if precision == "week":  # "this week" holds the day of publication
        return day + timedelta(days=7) <= published
    if precision == "month":
        return (day.year, day.month) < (published.year, published.month)
    return day < published


def _points_ahead(expression: DateExpression) -> bool:
    """ "Tomorrow", "next week", "next month", "in two weeks": an expression that can only date what is still to
    come."""
    if expression.kind == "tomorrow" or (expression.kind == "offset" and expression.groups.get("ahead")):
        return True
    return (expression.groups.get("which") or "").lower() in ("next", "later this")
