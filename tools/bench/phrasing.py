"""Sentence templates of the synthetic corpus: engagements in varied phrasing, dates, background.

Engagement paragraphs name office holders (see `vocabulary.py`) with absolute or relative dates and
topic words; background paragraphs mention countries and topics but contain no engagement trigger
words, like the context paragraphs of real wire stories.
"""

from __future__ import annotations

import calendar
import random
from datetime import date, timedelta

from tools.bench.vocabulary import Holder, Vocabulary

ENGAGEMENTS: dict[str, tuple[str, ...]] = {
    "phone_call": (
        "{a} held a telephone conversation with {b} {when}, discussing {topics}.",
        "{a} spoke by phone with {b} {when} about {topics}, according to an official readout.",
        "{a} and {b} spoke by telephone {when} and agreed to deepen cooperation on {topics}.",
        "In a video call {when}, {a} and {b} reviewed progress on {topics}.",
        "{a} phoned {b} {when} to discuss {topics}.",
    ),
    "visit": (
        "{a} arrived in {b_capital} {when} for a two-day official visit focused on {topics}.",
        "{b} hosted {a} in {b_capital} {when}, and the two sides signed agreements on {topics}.",
        "{a} paid a state visit to {b_place} {when}, holding talks with {b_short} on {topics}.",
        "{a} visited {b_place} {when}, where officials said {topics} topped the agenda.",
    ),
    "meeting": (
        "{a} met {b} on the sidelines of the {forum} summit in {city} {when}, and the two discussed {topics}.",
        "On the margins of the {forum} gathering in {city} {when}, {a} held talks with {b} on {topics}.",
        "{a} and {b} held bilateral talks in {city} {when}, with {topics} high on the agenda.",
    ),
    "multilateral_meeting": (
        "Leaders of the {forum} gathered in {city} {when} for a summit on {topics}, with {a}, {b} and {c} "
        "among those attending.",
        "{a} joined {b} and {c} at the {forum} summit in {city} {when}, where {topics} dominated the discussions.",
    ),
    "letter": (
        "{a} wrote to {b} {when}, urging closer cooperation on {topics}.",
        "In a letter to {b} {when}, {a} proposed new talks on {topics}.",
        "{a} sent a message to {b} {when} on {topics}.",
    ),
    "planned": (
        "{a} is expected to travel to {b_place} {future} for talks with {b_short} on {topics}.",
        "{a} will visit {b_capital} {future}, officials said, with {topics} on the agenda.",
        "{b} has invited {a} to visit {b_place} {future}.",
        "{a} and {b} are scheduled to meet {future} to discuss {topics}.",
    ),
    "speculation": (
        "There has been speculation that {a} might visit {b_place} before the end of the year, though no dates "
        "have been announced.",
        "{a} did not meet {b} during the gathering, officials confirmed.",
        "Officials declined to say whether {a} would speak with {b} in the coming weeks.",
        "A planned trip by {a} to {b_place} was called off {when} amid disagreements over {topics}.",
    ),
}
ENGAGEMENT_WEIGHTS = {
    "phone_call": 25,
    "visit": 20,
    "meeting": 15,
    "multilateral_meeting": 10,
    "letter": 10,
    "planned": 12,
    "speculation": 8,
}
FOLLOW_UPS = (
    "The two leaders also exchanged views on {topics} and agreed to stay in close contact.",
    "Both sides stressed the importance of {topics}, according to a joint statement.",
    '{a_short} said the relationship had "never been stronger", pointing to cooperation on {topics}.',
    "Neither government gave further details, but officials said {topics} would remain a priority.",
)
TITLES = {
    "phone_call": "{a_short} and {b_short} discuss {topic} in phone call",
    "visit": "{a_short} in {b_place} for talks on {topic}",
    "meeting": "{a_short} and {b_short} hold talks on {topic}",
    "multilateral_meeting": "{forum} leaders focus on {topic}",
    "letter": "{a_short} writes to {b_short} on {topic}",
    "planned": "{a_short} to travel to {b_place}",
    "speculation": "Questions over {a_short} travel plans",
    "none": "{place} weighs new measures on {topic}",
}
BACKGROUND = (
    "The {demonym} economy grew by {pct} per cent last year, according to figures released by the national "
    "statistics office, with exports of machinery and farm goods accounting for much of the increase.",
    "Analysts in {capital} said higher borrowing costs and weaker demand in neighbouring markets could slow growth "
    "in the months ahead.",
    "The government has promised new spending on roads, ports and {topic}, although opposition parties argue that "
    "the budget leaves little room for social programmes.",
    "Relations between {place} and {place2} have been shaped by decades of cooperation on {topic}, punctuated by "
    "periodic disputes over {topic2}.",
    "Officials in {capital} have long argued that {topic} should be treated as a shared priority rather than a "
    "matter for individual governments.",
    "Lawmakers are due to debate a package of measures on {topic} before the end of the session, and several "
    "committees have already published reports on the issue.",
    "Critics say the plans do too little to address {topic}, pointing to rising living costs and slow progress on "
    "reforms promised before the last election.",
    "Surveys published by independent researchers suggest that public opinion in {place} remains divided on "
    "{topic}, with younger voters more supportive of change.",
    "The central bank kept its main interest rate unchanged at {pct} per cent, citing uncertainty over prices and "
    "the outlook for {topic}.",
    "Farmers and small firms have complained about rising costs for fuel, fertiliser and transport, and several "
    "industry groups have asked for temporary relief.",
    "Over the past decade {place} has invested heavily in ports, railways and power lines, financed partly by loans "
    "from international lenders.",
    "Diplomats say the region's governments share concerns about {topic} but differ on how quickly to act and who "
    "should bear the cost.",
    "The {demonym} foreign ministry said in a statement that it remained committed to dialogue on {topic} and to "
    "the peaceful settlement of disputes.",
    "A report by a research institute in {capital} estimated that {topic} could add {pct} percentage points to "
    "annual growth by the end of the decade.",
    "Opposition figures accused the government of failing to consult regional authorities on {topic}, a charge "
    "ministers rejected.",
    "Markets in {capital} were little changed, with investors focused instead on quarterly earnings and the "
    "outlook for {topic}.",
    "Historians point out that public debate on {topic} in {place} still reflects the legacy of disputes that go "
    "back several decades.",
    "Local media reported that preparations for the next budget are already under way, with ministries asked to "
    "identify savings of up to {pct} per cent.",
)
CORRECTION = (
    "Correction: an earlier version of this article misstated the share of {topic} in the agenda and the "
    "date of a ministerial statement; this version has been updated."
)
MONTH_NAMES = list(calendar.month_name)
WEEKDAY_NAMES = list(calendar.day_name)


def past_when(rng: random.Random, published: date) -> str:
    """A relative or absolute expression for a day shortly before `published`."""
    choice = rng.randrange(8)
    day = published - timedelta(days=rng.randint(1, 6) if choice < 3 else rng.randint(1, 40))
    if choice == 0:
        return f"on {WEEKDAY_NAMES[day.weekday()]}"
    if choice == 1:
        return "yesterday"
    if choice in (2, 3):
        return f"on {MONTH_NAMES[day.month]} {day.day}"
    if choice == 4:
        return f"on {day.day} {MONTH_NAMES[day.month]} {day.year}"
    if choice == 5:
        return "last week"
    return "earlier this month" if choice == 6 and published.day > 10 else "recently"


def future_when(rng: random.Random, published: date) -> str:
    """A relative or absolute expression for a day after `published`."""
    choice = rng.randrange(5)
    if choice == 0:
        return "next week"
    if choice == 1:
        return "next month"
    if choice == 2:
        return "later this year"
    day = published + timedelta(days=rng.randint(5, 70))
    return f"on {MONTH_NAMES[day.month]} {day.day}" if choice == 3 else f"in {MONTH_NAMES[day.month]}"


def topic_phrase(rng: random.Random, vocabulary: Vocabulary, count: int) -> str:
    """One to a few topic keywords of different topics: "trade, energy security and migration"."""
    topics = rng.sample(vocabulary.topics, count)
    words = [rng.choice(vocabulary.topic_words[t]) for t in topics]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def mention(holder: Holder, vocabulary: Vocabulary, home: str | None, rng: random.Random) -> str:
    """The first mention of an office holder: "Indian Prime Minister Narendra Modi" and variants."""
    if holder.code == home and rng.random() < 0.6:
        return f"{holder.title} {holder.name}"
    demonym = vocabulary.demonyms.get(holder.code)
    if demonym and rng.random() < 0.75:
        return f"{demonym} {holder.title} {holder.name}"
    return f"{holder.title} {holder.name} of {vocabulary.place(holder.code)}"


def background_paragraph(rng: random.Random, vocabulary: Vocabulary, codes: list[str]) -> str:
    """Three to five context sentences about one or two countries, without engagements."""
    code, other = rng.sample(codes, 2)
    values = {
        "place": vocabulary.place(code),
        "place2": vocabulary.place(other),
        "demonym": vocabulary.demonyms.get(code, vocabulary.place(code)),
        "capital": vocabulary.capital(code),
        "pct": f"{rng.randint(1, 9)}.{rng.randint(0, 9)}",
    }
    sentences = rng.sample(BACKGROUND, rng.randint(3, 5))
    return " ".join(
        s.format(topic=topic_phrase(rng, vocabulary, 1), topic2=topic_phrase(rng, vocabulary, 1), **values)
        for s in sentences
    )


def background_pool(seed: int, vocabulary: Vocabulary, size: int = 4000) -> list[str]:
    """Pre-rendered background paragraphs that articles draw from (generation stays fast)."""
    rng = random.Random(f"background:{seed}")
    codes = sorted(c for c in vocabulary.demonyms if c in vocabulary.capitals and c in vocabulary.country_names)
    return [background_paragraph(rng, vocabulary, codes) for _ in range(size)]
