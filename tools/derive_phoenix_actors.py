"""Derive `seeds/phoenix_government_actors.csv` from PETRARCH2's Phoenix country actor dictionary.

Source: ../shared/reference/petrarch2/Phoenix.Countries.actors.txt, from openeventdata/petrarch2
(MIT licence, (c) 2014 Open Event Data Alliance; dictionaries (c) 2015 OEDA). Each actor there is a
name line, `+ALIAS` lines, then dated roles `[CCCSECTOR from-to]`. We keep the people who held a
government role (sector GOV or MIL: heads of state and government, ministers, officials, commanders),
each government role as one dated term of the seed's `office_holders` shape, so that the extractor
can place an official it has no curated entry for in a country. Roles outside government (ELI, OPP,
LEG, REB, ...) are not terms: those people are not governments.

Run: `python tools/derive_phoenix_actors.py [PHOENIX_FILE] [OUT_CSV]`.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "reference" / "petrarch2" / "Phoenix.Countries.actors.txt"
DEFAULT_OUT = ROOT / "seeds" / "phoenix_government_actors.csv"
ROLE = re.compile(r"\[(?P<code>[A-Z]{3})(?P<sector>[A-Z]*)\s*(?P<dates>[^\]]*)\]")
GOVERNMENT_SECTORS = ("GOV", "MIL")
# CAMEO country codes that differ from ISO 3166-1 alpha-3.
CAMEO_TO_ISO = {"ROM": "ROU", "KSV": "XKX", "TMP": "TLS", "ZAR": "COD", "SER": "SRB", "MNE": "MNE"}
# Words an alias must not be alone: titles and common words written with a capital at a sentence start.
TITLE_WORDS = {
    "PRESIDENT", "PRIME", "MINISTER", "KING", "QUEEN", "PRINCE", "GENERAL", "SECRETARY", "FOREIGN", "DEFENSE",
    "DEFENCE", "SHEIKH", "EMIR", "CHANCELLOR", "AMBASSADOR", "GOVERNOR", "SENATOR", "MAYOR", "COLONEL", "ADMIRAL",
}  # fmt: skip
EARLIEST = date(1900, 1, 1)


def parse_day(text: str) -> date | None:
    text = text.strip()
    if not text.isdigit():
        return None
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year <= 30 else 1900
        month, day = int(text[2:4]), int(text[4:6])
    elif len(text) == 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    else:
        return None
    try:
        return date(year, max(month, 1), max(day, 1))
    except ValueError:
        return None


def term_dates(dates: str) -> tuple[date, date | None] | None:
    dates = dates.strip()
    if not dates:
        return EARLIEST, None
    if dates.startswith(">"):
        start = parse_day(dates[1:])
        return (start, None) if start else None
    if dates.startswith("<"):
        end = parse_day(dates[1:])
        return (EARLIEST, end) if end else None
    if "-" in dates:
        start_text, end_text = dates.split("-", 1)
        start, end = parse_day(start_text), parse_day(end_text)
        return (start, end) if start and end and start <= end else None
    start = parse_day(dates)
    return (start, None) if start else None


def display_name(token_name: str) -> str:
    words = [w for w in token_name.strip().strip("_").split("_") if w]
    return " ".join(w.capitalize() if not w.isdigit() else w for w in words)


def ascii_variant(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def actors(lines: list[str]) -> list[tuple[str, list[str], list[tuple[str, str, date, date | None]]]]:
    """(name, aliases, government terms) of each person in the dictionary."""
    found = []
    name: str | None = None
    aliases: list[str] = []
    terms: list[tuple[str, str, date, date | None]] = []

    def flush() -> None:
        if name and terms:
            found.append((name, aliases, terms))

    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("+"):
            aliases.append(line[1:].strip())
        elif line.lstrip().startswith("["):
            for role in ROLE.finditer(line):
                sector = role.group("sector")[:3]
                dates = term_dates(role.group("dates"))
                if sector in GOVERNMENT_SECTORS and dates:
                    code = CAMEO_TO_ISO.get(role.group("code"), role.group("code"))
                    terms.append((code, role.group("sector"), *dates))
        elif not line.startswith((" ", "\t")):
            flush()
            name, aliases, terms = (None if "[" in line else line.strip()), [], []
    flush()
    return found


def usable_alias(alias: str) -> bool:
    words = [w for w in alias.strip("_").split("_") if w]
    return len(words) >= 2 and not any(w in TITLE_WORDS for w in words)


def rows(source: Path, iso_codes: set[str]) -> list[dict[str, str]]:
    out = []
    for token_name, raw_aliases, terms in actors(source.read_text(encoding="utf-8", errors="replace").splitlines()):
        if not usable_alias(token_name):
            continue
        name = display_name(token_name)
        person_id = "phoenix_" + re.sub(r"[^a-z0-9]+", "_", ascii_variant(name).lower()).strip("_")
        aliases = {display_name(a) for a in raw_aliases if usable_alias(a)} | {ascii_variant(name)}
        aliases.discard(name)
        for code, sector, start, end in terms:
            if code not in iso_codes:
                continue
            out.append(
                {
                    "person_id": person_id,
                    "name": name,
                    "aliases": "|".join(sorted(aliases)),
                    "title": "",
                    "role": "military" if sector.startswith("MIL") or sector.endswith("MIL") else "government",
                    "country_code": code,
                    "start_date": start.isoformat(),
                    "end_date": end.isoformat() if end else "",
                }
            )
    return out


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    out_path = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    with (ROOT / "seeds" / "countries.csv").open(encoding="utf-8") as handle:
        iso_codes = {row["country_code"] for row in csv.DictReader(handle)}
    derived = rows(source, iso_codes)
    unique = {tuple(r.values()): r for r in derived}
    with out_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(derived[0]))
        writer.writeheader()
        writer.writerows(sorted(unique.values(), key=lambda r: (r["person_id"], r["start_date"], r["country_code"])))
    print(f"{len(unique)} terms of {len({r['person_id'] for r in derived})} people -> {out_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
