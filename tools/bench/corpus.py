"""A deterministic synthetic corpus of raw articles in the project's formats, for benchmarks.

Article `i` depends only on the seed and `i` (its own random generator), so a corpus of 10,000
articles is the first 10,000 of a corpus of 100,000. Nine in ten articles are plain-text files in
nested folders (`text/<outlet>/<yyyy>/<mm>/`); every tenth arrives in a JSON Lines feed file of 25
records (`feeds/<outlet>/`). `apply_refresh_changes` then adds 1% new articles and revises 0.1% of
the existing ones, as the incremental refresh of the benchmark expects. No Dagster here.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from dagster_project.settings import SEEDS_DIR
from tools.bench import phrasing
from tools.bench.vocabulary import Forum, Holder, Vocabulary, load_vocabulary

DEFAULT_SEED = 20250101
FIRST_DATE = date(2015, 1, 1)
LAST_DATE = date(2025, 12, 31)
OUTLETS = ("Global Wire", "Asia Desk", "Continental Post", "Southern Herald", "Northern Ledger", "Harbour Times")
FEED_EVERY = 10  # every tenth article arrives in a JSON Lines feed
FEED_SIZE = 25  # articles per feed file
NEW_FEED_SUFFIX = "_new"
# Generation works in chunks of whole feed files, so a feed file never spans two chunks.
CHUNK = FEED_EVERY * FEED_SIZE * 20
ENGAGEMENT_COUNTS = (0, 1, 2, 3)
ENGAGEMENT_COUNT_WEIGHTS = (25, 35, 25, 15)


@dataclass(frozen=True)
class Article:
    """One synthetic article before it is written in a raw format."""

    index: int
    published: date
    outlet: str
    title: str
    dateline: str | None
    paragraphs: tuple[str, ...]


@dataclass
class CorpusStats:
    """What a generation or a refresh change wrote."""

    articles: int = 0
    text_files: int = 0
    feed_files: int = 0
    bytes: int = 0
    new_articles: int = 0
    revised_articles: int = 0


class CorpusGenerator:
    """Builds article `i` of the corpus of a given seed; cheap enough for a million articles."""

    def __init__(self, seeds_dir: Path, seed: int = DEFAULT_SEED) -> None:
        self.seed = seed
        self.vocabulary: Vocabulary = load_vocabulary(seeds_dir, FIRST_DATE, LAST_DATE)
        self.pool = phrasing.background_pool(seed, self.vocabulary)
        self._by_code: dict[tuple[int, int], tuple[dict[str, list[Holder]], list[list[Holder]]]] = {}
        self._days = (LAST_DATE - FIRST_DATE).days

    def article(self, index: int, revised: bool = False) -> Article:
        """Article `index`; `revised` adds a correction paragraph (same key, new content)."""
        rng = random.Random(f"{self.seed}:{index}")
        published = date.fromordinal(FIRST_DATE.toordinal() + rng.randrange(self._days + 1))
        home = rng.choice(self.vocabulary.holders_in_month[(published.year, published.month)]).code
        count = rng.choices(ENGAGEMENT_COUNTS, ENGAGEMENT_COUNT_WEIGHTS)[0]
        kinds = rng.choices(list(phrasing.ENGAGEMENT_WEIGHTS), list(phrasing.ENGAGEMENT_WEIGHTS.values()), k=count)
        engagements = [self._engagement(rng, kind, published, home) for kind in kinds]
        title = self._title(rng, engagements, home)
        paragraphs = self._paragraphs(rng, [text for text, _ in engagements])
        if revised:
            correction = random.Random(f"{self.seed}:{index}:revision")
            paragraphs.append(phrasing.CORRECTION.format(topic=phrasing.topic_phrase(correction, self.vocabulary, 1)))
        dateline = self.vocabulary.capital(home) if rng.random() < 0.85 else None
        return Article(index, published, outlet_of(index), title, dateline, tuple(paragraphs))

    def _holders(self, published: date) -> tuple[dict[str, list[Holder]], list[list[Holder]]]:
        """Office holders in office for the whole month of `published`, by country (cached per month)."""
        key = (published.year, published.month)
        if key not in self._by_code:
            by_code: dict[str, list[Holder]] = defaultdict(list)
            for holder in self.vocabulary.holders_in_month[key]:
                by_code[holder.code].append(holder)
            self._by_code[key] = (dict(by_code), list(by_code.values()))
        return self._by_code[key]

    def _engagement(self, rng: random.Random, kind: str, published: date, home: str) -> tuple[str, dict[str, str]]:
        """One engagement paragraph (the engagement and a follow-up sentence) and its template values."""
        by_code, groups = self._holders(published)
        a = rng.choice(by_code[home]) if rng.random() < 0.7 else rng.choice(rng.choice(groups))
        b = a
        while b.code == a.code:
            b = rng.choice(rng.choice(groups))
        forum, c = self._forum(rng, by_code, kind, a, b)
        values = self._values(rng, published, home, a, b, c, forum)
        text = rng.choice(phrasing.ENGAGEMENTS[kind]).format(**values)
        if rng.random() < 0.7:
            follow = rng.choice(phrasing.FOLLOW_UPS)
            text += " " + follow.format(topics=phrasing.topic_phrase(rng, self.vocabulary, 2), a_short=a.short_name)
        values["kind"] = kind
        return text, values

    def _forum(
        self, rng: random.Random, by_code: dict[str, list[Holder]], kind: str, a: Holder, b: Holder
    ) -> tuple[Forum, str]:
        """A forum for summits (with a third participant); for a multilateral one, members attend."""
        forum = rng.choice(self.vocabulary.forums)
        third = rng.choice(forum.members)
        if kind == "multilateral_meeting":
            present = [code for code in forum.members if code in by_code and code not in (a.code, b.code)]
            if present:
                holder = rng.choice(by_code[rng.choice(present)])
                return forum, phrasing.mention(holder, self.vocabulary, None, rng)
        return forum, f"representatives of {self.vocabulary.place(third)}"

    def _values(
        self, rng: random.Random, published: date, home: str, a: Holder, b: Holder, c: str, forum: Forum
    ) -> dict[str, str]:
        v = self.vocabulary
        return {
            "a": phrasing.mention(a, v, home, rng),
            "b": phrasing.mention(b, v, home, rng),
            "c": c,
            "a_short": a.short_name,
            "b_short": b.short_name,
            "b_place": v.place(b.code),
            "b_capital": v.capital(b.code),
            "when": phrasing.past_when(rng, published),
            "future": phrasing.future_when(rng, published),
            "topics": phrasing.topic_phrase(rng, v, rng.randint(1, 3)),
            "topic": phrasing.topic_phrase(rng, v, 1),
            "forum": forum.label,
            "city": v.capital(rng.choice(forum.members)),
        }

    def _title(self, rng: random.Random, engagements: list[tuple[str, dict[str, str]]], home: str) -> str:
        if engagements:
            values = engagements[0][1]
            return phrasing.TITLES[values["kind"]].format(**values)
        topic = phrasing.topic_phrase(rng, self.vocabulary, 1)
        return phrasing.TITLES["none"].format(place=self.vocabulary.place(home), topic=topic)

    def _paragraphs(self, rng: random.Random, engagements: list[str]) -> list[str]:
        """Engagement paragraphs among background paragraphs, about 2.5 KB in all."""
        target = min(max(rng.gauss(2100, 450), 1400), 4200)
        paragraphs = engagements[:1]
        rest = engagements[1:]
        size = sum(len(p) for p in engagements)
        while size < target or rest:
            if rest and rng.random() < 0.5:
                paragraph = rest.pop(0)
            else:
                paragraph = self.pool[rng.randrange(len(self.pool))]
                size += len(paragraph)
            paragraphs.append(paragraph)
        return paragraphs


# ---- layout and raw formats -------------------------------------------------------------------
def outlet_of(index: int) -> str:
    if is_feed_article(index):
        return OUTLETS[feed_block(index) % len(OUTLETS)]
    return OUTLETS[index % len(OUTLETS)]


def is_feed_article(index: int) -> bool:
    return index % FEED_EVERY == FEED_EVERY - 1


def feed_block(index: int) -> int:
    return index // (FEED_EVERY * FEED_SIZE)


def slug(text: str, words: int = 6) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:words]) or "article"


def text_path(article: Article) -> str:
    p = article.published
    return f"text/{slug(article.outlet)}/{p.year}/{p.month:02d}/{article.index:07d}-{slug(article.title)}.txt"


def feed_path(index: int, suffix: str = "") -> str:
    outlet = slug(outlet_of(index))
    return f"feeds/{outlet}/{outlet}_{feed_block(index):05d}{suffix}.jsonl"


def render_text(article: Article) -> str:
    """The plain-text format: date line, title, blank line, paragraphs (the first with a dateline)."""
    paragraphs = list(article.paragraphs)
    if article.dateline:
        paragraphs[0] = f"{article.dateline}: {paragraphs[0]}"
    return f"date {article.published.isoformat()}\n{article.title}\n\n" + "\n\n".join(paragraphs) + "\n"


def render_record(article: Article) -> str:
    """One JSON Lines record: id, url, source, published_at, title, body."""
    outlet = slug(article.outlet)
    p = article.published
    paragraphs = list(article.paragraphs)
    if article.dateline:
        paragraphs[0] = f"{article.dateline.upper()} — {paragraphs[0]}"
    record = {
        "id": f"{outlet}-{article.index:08d}",
        "url": f"https://example-news.test/{outlet}/{p.year}/{p.month:02d}/{p.day:02d}/{article.index}-{slug(article.title)}",
        "source": article.outlet,
        "published_at": f"{p.isoformat()}T{article.index % 24:02d}:{article.index % 60:02d}:00Z",
        "title": article.title,
        "body": "\n\n".join(paragraphs),
    }
    return json.dumps(record, ensure_ascii=False)


# ---- writing ------------------------------------------------------------------------------------
class _Writer:
    """Writes raw files below a folder with plain file writes, creating each folder once."""

    def __init__(self, raw_dir: Path) -> None:
        self.raw_dir = raw_dir
        self.stats = CorpusStats()
        self._folders: set[Path] = set()

    def write(self, relative: str, content: str) -> None:
        path = self.raw_dir / relative
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        data = content.encode("utf-8")
        path.write_bytes(data)
        self.stats.bytes += len(data)

    def text(self, article: Article) -> None:
        self.write(text_path(article), render_text(article))
        self.stats.text_files += 1
        self.stats.articles += 1

    def feed(self, relative: str, records: list[str]) -> None:
        self.write(relative, "\n".join(records) + "\n")
        self.stats.feed_files += 1
        self.stats.articles += len(records)


def generate_corpus(raw_dir: Path, n: int, seed: int = DEFAULT_SEED, workers: int = 1) -> CorpusStats:
    """Write articles 0..n-1 below `raw_dir` (which should be empty), in chunks over `workers` processes."""
    chunks = [range(start, min(start + CHUNK, n)) for start in range(0, n, CHUNK)]
    if workers <= 1 or len(chunks) <= 1:
        parts = [_generate_chunk(raw_dir, seed, chunk) for chunk in chunks]
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.starmap(_generate_chunk, [(raw_dir, seed, chunk) for chunk in chunks])
    total = CorpusStats()
    for part in parts:
        for name in ("articles", "text_files", "feed_files", "bytes"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
    return total


@cache
def corpus_generator(seed: int) -> CorpusGenerator:
    return CorpusGenerator(SEEDS_DIR, seed)


def _generate_chunk(raw_dir: Path, seed: int, indices: range) -> CorpusStats:
    writer = _Writer(raw_dir)
    _write_articles(corpus_generator(seed), writer, indices)
    return writer.stats


def _write_articles(generator: CorpusGenerator, writer: _Writer, indices: range, suffix: str = "") -> None:
    """Text articles go to their own files; feed articles are gathered per feed file (contiguous indices)."""
    records: list[str] = []
    current = ""
    for index in indices:
        article = generator.article(index)
        if not is_feed_article(index):
            writer.text(article)
            continue
        path = feed_path(index, suffix)
        if path != current and records:
            writer.feed(current, records)
            records = []
        current = path
        records.append(render_record(article))
    if records:
        writer.feed(current, records)


def refresh_change_counts(n: int, new: int | None = None) -> tuple[int, int]:
    """New and revised articles of the refresh: 1% and 0.1% of the corpus (at least one each), or `new`
    new articles and a tenth as many revised, whatever the size (to compare sizes on the same change)."""
    if new is not None:
        return max(1, new), max(1, min(n, new // 10))
    return max(1, n // 100), max(1, n // 1000)


def apply_refresh_changes(raw_dir: Path, n: int, seed: int = DEFAULT_SEED, new: int | None = None) -> CorpusStats:
    """Add new articles (new files) and revise some of articles 0..n-1 (changed file content): 1% and
    0.1% of the corpus, or the counts `refresh_change_counts` gives for `new`."""
    generator = corpus_generator(seed)
    new, revised = refresh_change_counts(n, new)
    writer = _Writer(raw_dir)
    _write_articles(generator, writer, range(n, n + new), NEW_FEED_SUFFIX)
    chosen = set(random.Random(f"revise:{seed}:{n}").sample(range(n), revised))
    for index in sorted(i for i in chosen if not is_feed_article(i)):
        writer.text(generator.article(index, revised=True))
    for block in sorted({feed_block(i) for i in chosen if is_feed_article(i)}):
        _rewrite_feed_block(generator, writer, block, n, chosen)
    writer.stats.new_articles, writer.stats.revised_articles = new, revised
    return writer.stats


def _rewrite_feed_block(generator: CorpusGenerator, writer: _Writer, block: int, n: int, revised: set[int]) -> None:
    """Deliver a feed file again with some records revised; the others are redeliveries."""
    size = FEED_EVERY * FEED_SIZE
    indices = [i for i in range(block * size, min((block + 1) * size, n)) if is_feed_article(i)]
    records = [render_record(generator.article(i, revised=i in revised)) for i in indices]
    writer.write(feed_path(indices[0]), "\n".join(records) + "\n")
