"""The government that published an article, from what the article says about its publisher: the web
address of a feed record or HTML page (a government domain, seeds/government_domains.csv) or a source
name that is a government body ("Ministry of External Affairs, India"). A bare title in the article
("the Prime Minister") then belongs to that government. A newspaper is not a government: its name says
nothing here, and an address or source that names no government gives no country."""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlsplit

from dagster_project.extraction.gazetteer import Gazetteer

# Words that make a source name a government body rather than a news outlet.
GOVERNMENT_BODY = re.compile(
    r"\b(?:Ministry|Ministère|Ministerio|Department|Government|Presidency|Chancellery|Cabinet Office|"
    r"Prime Minister's Office|Office of the (?:President|Prime Minister)|Foreign Office|Embassy|"
    r"High Commission|State Council|Kremlin|White House|State Department)\b"
)
# A web address named in a source name: "GOV.UK", "commerce.gov".
DOMAIN_NAME = re.compile(r"\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
ANY_COUNTRY = "*"  # seeds/government_domains.csv: the country of the domain's country code


class Publisher(NamedTuple):
    """What an article says about who published it: a feed record's or page's address and source name."""

    url: str | None = None
    source: str | None = None


def publisher_country(url: str | None, source: str | None, g: Gazetteer) -> str | None:
    """The country whose government published the article, or None where the article does not say."""
    return _domain_country(url, g) or _source_country(source, g)


def _domain_country(url: str | None, g: Gazetteer) -> str | None:
    host = _host(url)
    if not host:
        return None
    labels = host.split(".")
    for start in range(len(labels)):  # the longest known suffix first: "mea.gov.in" before "gov.in"
        suffix = ".".join(labels[start:])
        code = g.government_domains.get(suffix)
        if code is None and start == len(labels) - 2:  # "gov.in": a government label before a country code
            code = g.government_domains.get(f"{labels[start]}.*")
        if code == ANY_COUNTRY:
            return g.country_by_iso2.get(labels[-1].upper())
        if code:
            return code
    return None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:  # a malformed address names no publisher
        return None
    return host.lower().removeprefix("www.") if host else None


def _source_country(source: str | None, g: Gazetteer) -> str | None:
    if not source:
        return None
    named_domains = {_domain_country(domain, g) for domain in DOMAIN_NAME.findall(source)} - {None}
    if len(named_domains) == 1:  # a source named by its address: "GOV.UK", "NZ Government (beehive.govt.nz)"
        return named_domains.pop()
    if not GOVERNMENT_BODY.search(source):
        return None
    codes = {m.values[0] for m in g.scan(source) if m.kind == "place" and not g.is_org(m.values[0])}
    return codes.pop() if len(codes) == 1 else None
