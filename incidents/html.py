"""One HTML page to the text of its article and the metadata the page gives about itself.

A news page holds more than its article: menus, a breaking-news ticker, "related stories",
"most read", comments, a footer. Their headlines read like attacks with figures, so each box
read as text becomes an extra event. The main text is therefore taken by trafilatura (extra
``incidents[html]``), which scores the page's blocks to find the article, with htmldate (its
dependency) for the publication date. Without the extra, or when trafilatura finds no main
text, the built-in reader takes the page: the body text minus scripts, ``<nav>``, ``<aside>``,
``<header>``, ``<footer>`` and ``<form>``, and minus every element whose class, id or ARIA
role names a boilerplate box (:func:`is_boilerplate`).
"""
from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from types import ModuleType

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Page:
    """What a page says about itself; ``published`` is the page's own string, parsed by the reader."""

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    lang: str | None = None
    publisher: str | None = None


def read_page(markup: str, origin: str) -> Page | None:
    """The page through trafilatura when it is installed and finds the article, else through
    the built-in reader; ``None`` when the built-in parser rejects the markup."""
    return _extracted(markup, origin) or _builtin(markup)


# --- trafilatura ----------------------------------------------------------------------------

#: htmldate reads the markup only (meta tags, JSON-LD, <time>, the URL): its search of the free
#: text would take "updated on 3 March 2017" in a box for the publication date. Its default
#: latest date is today's, which would make a reading depend on the machine's clock.
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2999-12-31"}

#: Elements of trafilatura's output that stand on lines of their own (``lb`` is a <br>).
_TREE_BLOCKS = frozenset({"head", "p", "list", "item", "quote", "table", "row", "cell", "code", "lb"})


@functools.cache
def _trafilatura() -> ModuleType | None:
    """trafilatura, imported on the first page read, or None when the extra is not installed."""
    try:
        import trafilatura
    except ImportError:
        return None
    return trafilatura


def _extracted(markup: str, origin: str) -> Page | None:
    trafilatura = _trafilatura()
    if trafilatura is None:
        return None
    doc, lang = None, None
    try:
        tree = trafilatura.load_html(markup)
        if tree is not None:
            lang = tree.get("lang")  # read first: extraction prunes the tree
            doc = trafilatura.bare_extraction(
                tree, with_metadata=True, include_comments=False, date_extraction_params=dict(_DATE_PARAMS)
            )
    except Exception:  # the extractor failing on one page: the built-in reader can still read it
        _log.info("%s: trafilatura failed; read by the built-in reader", origin,
                  exc_info=_log.isEnabledFor(logging.DEBUG))
        return None
    text = _tree_text(doc.body) if doc is not None and doc.body is not None else ""
    if not text:
        _log.info("%s: trafilatura found no main text; read by the built-in reader", origin)
        return None
    return Page(text=text, title=doc.title, url=doc.url, published=doc.date, lang=lang, publisher=_publisher(doc))


def _publisher(doc) -> str | None:
    """trafilatura's site name, unless it is only the URL's host (its last resort, which the URL
    already says) or a URL (``article:publisher`` is often the outlet's Facebook page)."""
    name = doc.sitename
    return name if name and name != doc.hostname and "://" not in name else None


def _tree_text(body) -> str:
    """trafilatura's output tree as lines: one per paragraph, heading, list item or cell."""
    from lxml import etree

    parts: list[str] = []
    for event, el in etree.iterwalk(body, events=("start", "end")):
        text = el.text if event == "start" else el.tail if el is not body else None
        parts += ["\n" if el.tag in _TREE_BLOCKS else "", _spaces(text or "")]
    return _lines("".join(parts))


def _spaces(text: str) -> str:
    """Source line breaks are just spaces; only elements make new lines."""
    return re.sub(r"\s+", " ", text)


def _lines(text: str) -> str:
    """Whitespace runs to one space; only element boundaries make lines, and no line is empty."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# --- the built-in reader --------------------------------------------------------------------

#: Words that name a boilerplate box in a class, an id or an ARIA role, matched as whole words
#: of the name ("article-comments", "relatedPosts", "most_read"), plurals included, and as two
#: words joined ("most-read" → "mostread"); never as parts of words, so that "commentary",
#: "footnote", "navy", "shareholders" or "download" keep their text.
_BOILERPLATE_WORDS = frozenset({
    "related", "relatedpost", "relatedarticle", "relatedstory", "relatedlink", "relatedcontent",
    "mostread", "mostpopular", "mostviewed", "popular", "trending", "recommended", "readmore", "morestories",
    "footer", "menu", "menubar", "menuitem", "nav", "navbar", "navigation", "breadcrumb", "sidebar",
    "comment", "disqus", "newsletter", "subscribe", "share", "sharing", "social",
    "promo", "ticker", "ad", "advert", "advertisement", "sponsored", "outbrain", "taboola",
    "complementary", "contentinfo", "banner", "search",
})

#: Elements dropped whatever their attributes: not text, or not the article.
_DROPPED_TAGS = frozenset({"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "svg"})

#: Elements without an end tag.
_VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
})

#: Never dropped for their class: "has-sidebar" on <body> says nothing of its text, and a void
#: element ("<img class=share-icon>") has none.
_KEEP_TAGS = frozenset({"html", "body", "main", "article"}) | _VOID_TAGS

#: Elements that close an open <p> whose end tag was left out.
_CLOSE_P = frozenset({
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "menu", "nav", "ol", "p",
    "pre", "section", "table", "ul",
})

_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "article", "section", "main", "blockquote", "pre", "table", "tr", "td", "th",
    "figure", "figcaption", "hr",
})

#: An open element that a new start tag closes when its end tag was left out ("<li>a<li>b").
_IMPLIED_END = {
    "li": frozenset({"li"}), "dt": frozenset({"dt", "dd"}), "dd": frozenset({"dt", "dd"}),
    "tr": frozenset({"tr", "td", "th"}), "td": frozenset({"td", "th"}), "th": frozenset({"td", "th"}),
}

_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "date",
    "pubdate",
    "dc.date",
    "dc.date.issued",
    "datepublished",
)

_NAME_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z0-9]+(?![a-z])")


def is_boilerplate(name: str) -> bool:
    """Whether a class, id or role names a boilerplate box (see ``_BOILERPLATE_WORDS``)."""
    words = [w.lower() for w in _NAME_WORD.findall(name)]
    joined = ["".join(pair) for pair in zip(words, words[1:])]
    return any(w in _BOILERPLATE_WORDS or (w.endswith("s") and w[:-1] in _BOILERPLATE_WORDS) for w in words + joined)


def _builtin(markup: str) -> Page | None:
    parser = _PageParser()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):
        return None
    meta = parser.meta
    return Page(
        text=_lines("".join(parser.parts)),
        title=meta.get("og:title") or " ".join("".join(parser.title_parts).split()) or None,
        url=parser.canonical or meta.get("og:url"),
        published=next((meta[k] for k in _DATE_META if k in meta), parser.article_time),
        lang=parser.lang,
        publisher=meta.get("og:site_name"),
    )


class _PageParser(HTMLParser):
    """Collects the visible body text and the head metadata of one page.

    It keeps the stack of open elements, so that a dropped element ends where its parent does
    even when its own end tag is missing, and the rest of the page is not lost with it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.lang: str | None = None
        self.canonical: str | None = None
        self.article_time: str | None = None
        self._stack: list[str] = []
        self._open: Counter[str] = Counter()
        self._drop_depth = 0  # the depth of the dropped element being skipped, or 0
        self._drop_keeps_time = False  # it is an article's <header> or <footer>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "").strip() for k, v in attrs}
        while self._stack and self._stack[-1] in _IMPLIED_END.get(tag, ()):
            self._pop()
        if tag in _CLOSE_P and self._stack and self._stack[-1] == "p":
            self._pop()
        # An article's <time> often sits in its (dropped) <header> or <footer>.
        in_article = self._drop_keeps_time or (self._open["article"] and not self._drop_depth)
        if tag == "time" and in_article and self.article_time is None:
            self.article_time = a.get("datetime") or None
        if not self._drop_depth and (tag in _DROPPED_TAGS or (tag not in _KEEP_TAGS and self._boilerplate(a))):
            self._drop_depth = len(self._stack) + 1
            self._drop_keeps_time = tag in ("header", "footer") and self._open["article"] > 0
        if tag not in _VOID_TAGS:
            self._stack.append(tag)
            self._open[tag] += 1
        if self._drop_depth:
            return
        if tag == "html":
            self.lang = a.get("lang") or self.lang
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href") or None
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._open[tag]:  # a stray end tag closes nothing
            while self._pop() != tag:
                pass
        if tag in _BLOCK_TAGS and not self._drop_depth:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._drop_depth:
            return
        if self._open["title"]:
            self.title_parts.append(data)
        else:
            self.parts.append(_spaces(data))

    def _pop(self) -> str:
        tag = self._stack.pop()
        self._open[tag] -= 1
        if len(self._stack) < self._drop_depth:
            self._drop_depth, self._drop_keeps_time = 0, False
        return tag

    @staticmethod
    def _boilerplate(attrs: dict[str, str]) -> bool:
        names = attrs.get("class", "").split() + [attrs.get("id", ""), attrs.get("role", "")]
        return any(is_boilerplate(name) for name in names if name)
