"""Derive `seeds/phoenix_places.csv` (cities and regions by country) from PETRARCH2's Phoenix country dictionary.

Source: ../shared/reference/petrarch2/Phoenix.Countries.actors.txt, from openeventdata/petrarch2 (MIT licence,
(c) 2014 Open Event Data Alliance; dictionaries (c) 2015 OEDA). Each country there is a line `NAME_ [CCC]`
followed by `+ALIAS` lines: its names in many languages, its cities, regions and landmarks. The extractor reads
these places only where a sentence sets an engagement in them or sends someone to them ("talks in Sochi",
"arrived in Samarkand"), to tell a visit from a meeting and to place officials it does not know.

A place is left out where it could be something else: a name in two countries' lists, an alias the curated
seeds already give or its plural ("Cubans"), a word of a person's name in the office-holder seeds, a word of
the seed lexicons, a word of three letters or fewer.

Run: `python -m tools.derive_phoenix_places [PHOENIX_FILE] [OUT_CSV]`.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

from tools.derive_phoenix_actors import CAMEO_TO_ISO, DEFAULT_SOURCE, ROOT, ascii_variant

SEEDS = ROOT / "seeds"
DEFAULT_OUT = SEEDS / "phoenix_places.csv"
COUNTRY_LINE = re.compile(r"^(?P<name>[^\s\[+#][^\[]*?)\s*\[(?P<code>[A-Z]{3})\]\s*$")
# Words written in lower case inside a place's name ("Rio de Janeiro", "Mazar-i-Sharif", "Rostov-on-Don").
PARTICLES = frozenset((
    "of", "on", "de", "la", "le", "les", "del", "da", "do", "dos", "das", "des", "du", "el", "al", "am", "an", "the",
    "upon", "sur", "i", "e", "y", "na",
))  # fmt: skip


def country_places(lines: list[str]) -> dict[str, set[str]]:
    """Each alias listed under a country line, with the ISO codes of the countries that list it."""
    codes_of: dict[str, set[str]] = defaultdict(set)
    code: str | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("+"):
            if code:
                codes_of[place_name(line[1:])].add(code)
        elif not line.startswith((" ", "\t")):
            country = COUNTRY_LINE.match(line)
            code = CAMEO_TO_ISO.get(country.group("code"), country.group("code")) if country else None
    return codes_of


def place_name(token: str) -> str:
    """`NIZHNY_NOVGOROD_` as written in news: "Nizhny Novgorod"; `RIO_DE_JANEIRO_`: "Rio de Janeiro"."""
    words = [w for w in token.strip().strip("_").split("_") if w]
    return " ".join(_cased(word, first=i == 0) for i, word in enumerate(words))


def _cased(word: str, first: bool) -> str:
    parts = word.split("-")
    cased = [p.lower() if (i or not first) and p.lower() in PARTICLES else p.capitalize() for i, p in enumerate(parts)]
    return "-".join(cased)


def excluded_words(seeds: Path) -> set[str]:
    """Words and phrases a place may not be: the curated aliases, people's names and the lexicons' phrases."""
    words: set[str] = set()
    for name, column in (("actor_aliases.csv", "alias"), ("countries.csv", "name")):
        words |= {row[column].lower() for row in _rows(seeds / name)}
    for name in ("office_holders.csv", "phoenix_government_actors.csv"):
        for row in _rows(seeds / name):
            for person in [row["name"], *(row.get("aliases") or "").split("|")]:
                words |= {w.lower().strip(".,") for w in person.split()}
    for name, column in (
        ("office_titles.csv", "title"),
        ("engagement_triggers.csv", "phrase"),
        ("modality_cues.csv", "cue"),
        ("topic_keywords.csv", "keyword"),
    ):
        for row in _rows(seeds / name):
            words.add(row[column].lower())
            words |= {w.lower() for w in row[column].split()}
    return words


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def usable_places(codes_of: dict[str, set[str]], excluded: set[str], iso_codes: set[str]) -> dict[str, str]:
    """Places named by one country only, not excluded, of four letters or more, with an ISO code."""
    places = {}
    for name, codes in codes_of.items():
        (code,) = codes if len(codes) == 1 else (None,)
        if code not in iso_codes or len(name) < 4 or not name[0].isalpha() or name.lower() in excluded:
            continue
        if name.endswith("s") and name[:-1].lower() in excluded:  # "Cubans", "Omanis": a people, not a place
            continue
        places[name] = code
        plain = ascii_variant(name)
        if plain != name and plain.lower() not in excluded:
            places.setdefault(plain, code)
    return places


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    out_path = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    iso_codes = {row["country_code"] for row in _rows(SEEDS / "countries.csv")}
    lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
    places = usable_places(country_places(lines), excluded_words(SEEDS), iso_codes)
    with out_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["place", "country_code"])
        writer.writerows(sorted(places.items()))
    print(f"{len(places)} places -> {out_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
