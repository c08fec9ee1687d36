"""Read a news article out of an HTML page: title, publication date, source, URL and paragraphs.

Scripts, styles, navigation, headers, footers, asides and forms are dropped; the body is the text
of the page's paragraphs (<p>, and <li> inside the article), in order. Malformed markup is read as a
browser reads it (`<![` that opens no CDATA section is a bogus comment up to the next `>`), and JSON-LD
that does not parse (malformed, nested too deeply, an integer too long) is ignored like absent metadata.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIPPED_TAGS = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "svg",
                "button", "iframe", "figure", "figcaption", "menu"}  # fmt: skip
PARAGRAPH_TAGS = {"p", "blockquote"}
DATE_META_NAMES = {
    "article:published_time", "og:article:published_time", "date", "pubdate", "publishdate", "publish-date",
    "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date", "datepublished",
}  # fmt: skip
_WHITESPACE = re.compile(r"\s+")


@dataclass
class HtmlArticle:
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    paragraphs: list[str] = field(default_factory=list)


class _ArticleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.article = HtmlArticle()
        self._skip_depth = 0
        self._in_title = False
        self._in_h1 = False
        self._in_time_datetime: str | None = None
        self._paragraph: list[str] | None = None
        self._json_ld: list[str] | None = None
        self._title_text: list[str] = []
        self._h1_text: list[str] = []

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """`<![CDATA[...]]>` and its kin; any other `<![` is a bogus comment (the stdlib raises on it)."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k.lower(): (v or "") for k, v in attrs}
        if tag == "script" and attributes.get("type", "").lower() == "application/ld+json":
            self._json_ld = []
            return
        if tag in SKIPPED_TAGS:
            self._skip_depth += 1
            return
        if tag == "meta":
            self._meta(attributes)
        elif tag == "link" and attributes.get("rel", "").lower() == "canonical" and not self.article.url:
            self.article.url = attributes.get("href") or None
        elif tag == "time" and attributes.get("datetime") and not self.article.published:
            self.article.published = attributes["datetime"]
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self._in_h1 = True
        elif tag in PARAGRAPH_TAGS and self._skip_depth == 0:
            self._paragraph = []
        elif tag == "br" and self._paragraph is not None:
            self._paragraph.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._json_ld is not None:
            self._read_json_ld("".join(self._json_ld))
            self._json_ld = None
            return
        if tag in SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag == "title":
            self._in_title = False
        elif tag == "h1":
            self._in_h1 = False
        elif tag in PARAGRAPH_TAGS and self._paragraph is not None:
            text = _WHITESPACE.sub(" ", "".join(self._paragraph)).strip()
            if text:
                self.article.paragraphs.append(text)
            self._paragraph = None

    def handle_data(self, data: str) -> None:
        if self._json_ld is not None:
            self._json_ld.append(data)
            return
        if self._skip_depth:
            return
        if self._in_title:
            self._title_text.append(data)
        if self._in_h1:
            self._h1_text.append(data)
        if self._paragraph is not None:
            self._paragraph.append(data)

    def _meta(self, attributes: dict[str, str]) -> None:
        key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").lower()
        content = attributes.get("content", "").strip()
        if not content:
            return
        if key in DATE_META_NAMES and not self.article.published:
            self.article.published = content
        elif key == "og:title" and not self.article.title:
            self.article.title = content
        elif key == "og:site_name" and not self.article.source:
            self.article.source = content
        elif key == "og:url" and not self.article.url:
            self.article.url = content

    def _read_json_ld(self, text: str) -> None:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # JSONDecodeError, too deep, or an integer of 4,300+ digits
            return
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                self.article.published = self.article.published or _text(item.get("datePublished"))
                self.article.title = self.article.title or _text(item.get("headline"))

    def finish(self) -> HtmlArticle:
        self.close()
        h1 = _WHITESPACE.sub(" ", "".join(self._h1_text)).strip()
        title = _WHITESPACE.sub(" ", "".join(self._title_text)).strip()
        self.article.title = self.article.title or h1 or title or None
        return self.article


def read_html_article(text: str) -> HtmlArticle:
    """Title, date, source, URL and paragraphs of an HTML page."""
    parser = _ArticleParser()
    parser.feed(text)
    return parser.finish()


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
