"""What a labelled corpus says about who published each document, as a news feed would carry it.

A corpus's `sources.tsv` gives, per document, where the text was published: the original address
first (`https://www.mofa.go.jp/... (Ministry of Foreign Affairs of Japan)`), or a note naming the
publisher and the mirror the text was taken from (`US State Department media note ... via https://...`).
The evaluation feeds each document as a record with that address as its `url` (a mirror's address is
not the publisher's and is left out) and the note's own words as its `source`, so that the extractor
learns the publisher exactly as it does from a real feed record and never from the text's wording.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from dagster_project.extraction.publisher import Publisher

_LEADING_URL = re.compile(r"\A(https?://\S+)")
# A quoted title in a note names what the document is about, not who published it.
_QUOTED = re.compile(r"(?<![A-Za-z])'[^']*'(?![A-Za-z])|\"[^\"]*\"")
_URL = re.compile(r"\b(?:https?|gopher)://\S+")
# Where a note turns from the publisher to the copy the text was taken from.
_MIRROR = re.compile(r"\s*(?:\(?\s*text\s+)?\bvia\b.*\Z", re.IGNORECASE | re.DOTALL)


def corpus_publishers(corpus: Path) -> dict[str, Publisher]:
    """Each document's publisher as `sources.tsv` gives it; documents it does not list are left out."""
    sources = corpus / "sources.tsv"
    if not sources.exists():
        return {}
    publishers = {}
    with sources.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) >= 2 and not (corpus / row[1]).is_file():  # a row naming a file is a shared text
                publishers[row[0]] = publisher_of_note(row[1])
    return publishers


def publisher_of_note(note: str) -> Publisher:
    """The address and source name a provenance note gives for the original publication."""
    leading = _LEADING_URL.match(note)
    url = leading.group(1) if leading else None
    rest = note[leading.end() :] if leading else note
    source = _QUOTED.sub("", _URL.sub("", _MIRROR.sub("", rest))).strip(" ;,()")
    return Publisher(url, source or None)
