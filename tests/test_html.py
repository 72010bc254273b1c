"""HTML pages: only the article's attacks come out, through trafilatura and through the built-in
reader, with the page's own title, URL, publication date, language and publisher.

The pages in tests/data/ were written for these tests (invented outlets and attacks); read with
the tag stripper this module replaced, their boxes gave 7 and 5 events instead of one each.
"""
from __future__ import annotations

import logging
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from incidents import extract, html, read_reports
from incidents.model import Report

DATA = Path(__file__).resolve().parent / "data"
EN_PAGE = DATA / "tikrit-market-page.html"
AR_PAGE = DATA / "kirkuk-market-page-ar.html"

EN_ARTICLE = [
    "A car bomb exploded in a crowded vegetable market in Tikrit on Sunday evening, killing seven people "
    "and wounding 19, police said.",
    "The car had been parked near the main entrance of the market and blew up shortly after six in the "
    "evening, when shoppers were buying food for the evening meal, a police officer said. Four of the "
    "wounded were in a serious condition at the city's teaching hospital, a health official said.",
    "The provincial governor ordered the market closed for three days and announced an inquiry into how "
    "the car passed a checkpoint at the edge of the city.",
    "Reporting by the Courier's Salahuddin desk.",
]
AR_ARTICLE = [
    "قتل خمسة مدنيين وأصيب ثمانية آخرون بانفجار عبوة ناسفة في سوق شعبي وسط مدينة كركوك مساء أمس الجمعة، "
    "بحسب مصدر أمني.",
    "وقال المصدر إن العبوة كانت مزروعة قرب عربة لبيع الخضار، وإن سيارات الإسعاف نقلت الجرحى إلى مستشفى "
    "المدينة، مضيفا أن القوات الأمنية طوقت المكان وفتحت تحقيقا في الحادث.",
    "ولم تعلن أي جهة مسؤوليتها عن التفجير حتى الآن.",
]
#: A few words of every boilerplate box of the two pages.
BOXES = ["Hawija", "Baqubah", "Samarra", "Kirkuk desert", "Fallujah", "Baiji", "Sign up", "Share", "Home",
         "الموصل", "ديالى", "الأنبار", "بغداد", "الرئيسية", "جميع الحقوق"]


@pytest.fixture
def builtin(monkeypatch):
    """The built-in reader, as when the extra incidents[html] is not installed."""
    monkeypatch.setattr(html, "_trafilatura", lambda: None)


@pytest.fixture
def no_extra(monkeypatch):
    """trafilatura made unimportable, so that the real import path meets an ImportError."""
    html._trafilatura.cache_clear()
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    yield
    html._trafilatura.cache_clear()


def read_one(path) -> Report:
    [report] = read_reports([str(path)])
    return report


def events(report: Report) -> list[tuple]:
    return [(e.date, e.location, e.killed, e.wounded, e.event_type) for e in extract(report)]


def check_metadata(report: Report, path: Path, **expected) -> None:
    assert (report.id, report.origin, report.title, report.url, report.published, report.lang, report.publisher) == (
        str(path), str(path), expected["title"], expected["url"], expected["published"], expected["lang"],
        expected["publisher"],
    )


EN_META = dict(title="Car bomb kills seven in Tikrit market", url="https://tigris-courier.example/iraq/tikrit-market-bomb",
               published=date(2021, 6, 14), lang="en", publisher="The Tigris Courier")
AR_META = dict(title="مقتل خمسة مدنيين بانفجار عبوة ناسفة في كركوك",
               url="https://alrafidain-news.example/local/20190302-kirkuk",
               published=date(2019, 3, 2), lang="ar", publisher="وكالة الرافدين")
EN_EVENTS = [("2021-06-13", "Tikrit", 7, 19, "bombing")]
AR_EVENTS = [("2019-03-01", "Kirkuk", 5, 8, "IED")]


# --- the pages, through both readers ----------------------------------------------------------


def test_news_page_through_trafilatura():
    pytest.importorskip("trafilatura")
    report = read_one(EN_PAGE)
    check_metadata(report, EN_PAGE, **EN_META)
    lines = report.text.split("\n")
    assert all(paragraph in lines for paragraph in EN_ARTICLE)
    assert [box for box in BOXES if box in report.text] == []
    assert events(report) == EN_EVENTS


def test_news_page_through_the_builtin_reader(builtin):
    report = read_one(EN_PAGE)
    check_metadata(report, EN_PAGE, **EN_META)
    assert report.text.split("\n") == [
        "Car bomb kills seven in Tikrit market", "By a staff reporter · 14 June 2021", *EN_ARTICLE
    ]
    assert events(report) == EN_EVENTS


def test_arabic_page_through_trafilatura():
    pytest.importorskip("trafilatura")
    report = read_one(AR_PAGE)
    check_metadata(report, AR_PAGE, **AR_META)
    assert all(paragraph in report.text.split("\n") for paragraph in AR_ARTICLE)
    assert [box for box in BOXES if box in report.text] == []
    assert events(report) == AR_EVENTS


def test_arabic_page_through_the_builtin_reader(builtin):
    report = read_one(AR_PAGE)
    check_metadata(report, AR_PAGE, **AR_META)
    assert report.text.split("\n") == [AR_META["title"], *AR_ARTICLE]
    assert events(report) == AR_EVENTS


def test_without_the_extra_the_builtin_reader_reads_the_page(no_extra):
    assert html._trafilatura() is None
    report = read_one(EN_PAGE)
    assert report.text.split("\n")[1] == "By a staff reporter · 14 June 2021"  # the built-in reader's text
    assert events(report) == EN_EVENTS


def test_trafilatura_is_imported_only_when_a_page_is_read(tmp_path):
    (tmp_path / "a.txt").write_text("A bomb went off.", encoding="utf-8")
    code = ("import sys; from incidents import read_reports, extract; "
            "[extract(r) for r in read_reports([sys.argv[1]])]; print('trafilatura' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.txt")], capture_output=True, text=True, check=True)
    assert run.stdout == "False\n"


# --- trafilatura's answers and when the built-in reader takes over ----------------------------


def test_a_page_trafilatura_finds_no_text_in_goes_to_the_builtin_reader(tmp_path, caplog):
    pytest.importorskip("trafilatura")
    page = tmp_path / "short.html"
    page.write_text("<p>Page <b>text</b></p>", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="incidents.html"):
        assert list(read_reports([str(page)])) == [Report(id=str(page), text="Page text", origin=str(page))]
    assert [r.getMessage() for r in caplog.records if r.name == "incidents.html"] == [
        f"{page}: trafilatura found no main text; read by the built-in reader"
    ]


def test_a_failure_of_trafilatura_costs_nothing(monkeypatch, caplog):
    trafilatura = pytest.importorskip("trafilatura")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    with caplog.at_level(logging.INFO, logger="incidents.html"):
        report = read_one(EN_PAGE)
    assert [(r.getMessage(), r.exc_info) for r in caplog.records if r.name == "incidents.html"] == [
        (f"{EN_PAGE}: trafilatura failed; read by the built-in reader", False)
    ]
    assert report.text.split("\n")[1] == "By a staff reporter · 14 June 2021"
    assert events(report) == EN_EVENTS


ARTICLE = "<p>" + "A long paragraph of the article, so that trafilatura takes it for the main text. " * 5 + "</p>"


def test_the_date_comes_from_the_markup_not_from_the_text():
    pytest.importorskip("trafilatura")
    page = html.read_page(f"<html><body><article><p>Updated on 3 March 2017.</p>{ARTICLE}</article></body></html>", "p")
    assert page.published is None


def test_a_date_after_today_is_kept():
    """htmldate's default latest date is the machine's today; the tool never reads the clock."""
    pytest.importorskip("trafilatura")
    page = html.read_page(
        '<html><head><meta property="article:published_time" content="2999-05-04T10:00:00Z"></head>'
        f"<body><article>{ARTICLE}</article></body></html>", "p")
    assert page.published == "2999-05-04"


@pytest.mark.parametrize(("head", "publisher"), [
    ('<meta property="og:site_name" content="The Courier">', "The Courier"),
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
     '"publisher": {"@type": "Organization", "name": "Courier Media"}}</script>', "Courier Media"),
    ("", None),  # trafilatura would give the URL's host
    ('<meta property="article:publisher" content="https://www.facebook.com/courier">', None),
])
def test_publisher(head, publisher):
    pytest.importorskip("trafilatura")
    page = html.read_page(
        f'<html><head>{head}<link rel="canonical" href="https://www.example.org/a"></head>'
        f"<body><article>{ARTICLE}</article></body></html>", "p")
    assert (page.url, page.publisher) == ("https://www.example.org/a", publisher)


def test_trafilatura_lines_follow_elements_not_source_line_breaks():
    pytest.importorskip("trafilatura")
    page = html.read_page(
        f"<html><body><article><h2>Heading</h2><p>One\n   sentence,&nbsp;split.<br>Next line.</p>"
        f"<ul><li>First</li><li>Second</li></ul>{ARTICLE}</article></body></html>", "p")
    assert page.text.split("\n")[:5] == ["Heading", "One sentence, split.", "Next line.", "First", "Second"]


# --- the built-in reader's boilerplate rules --------------------------------------------------


@pytest.mark.parametrize("name", [
    "related", "related-stories", "relatedPosts", "relatedposts", "article-comments", "comments", "comment",
    "most-read", "mostRead", "most_read", "mostread", "popular-posts", "site-footer", "footer", "main-menu",
    "menu-item", "menuitem", "nav", "navbar", "top-nav", "navigation", "breadcrumbs", "bread-crumb", "sidebar",
    "side-bar", "share-buttons", "newsletter-signup", "promo", "news-ticker", "ad-slot", "ads", "disqus_thread",
    "complementary", "contentinfo",
])
def test_boilerplate_names(name):
    assert html.is_boilerplate(name)


@pytest.mark.parametrize("name", [
    "footnote", "commentary", "article-commentary", "navy", "canvas", "shareholders", "unrelated", "download",
    "header", "post-body", "content", "story", "byline", "caption", "headline", "reading-time", "",
])
def test_not_boilerplate_names(name):
    assert not html.is_boilerplate(name)


@pytest.mark.parametrize(("markup", "text"), [
    # by class, id and ARIA role
    ('<div class="story">Kept</div><div class="related">Gone</div><div id="comments">Gone</div>'
     '<div role="navigation">Gone</div><div role="complementary">Gone</div><p>After</p>', "Kept\nAfter"),
    # <body>, <main> and <article> say nothing of their text by their classes
    ('<body class="has-sidebar"><main class="with-comments"><article class="post comments-open">'
     '<p>Text</p></article></main></body>', "Text"),
    # a dropped element whose end tag is missing ends where its parent does
    ('<div><div class="related"><span>Gone</div><p>After</p></div>', "After"),
    ('<ul><li class="share">Gone<li>Item</ul><p>After</p>', "Item\nAfter"),
    ('<div><p class="promo">Gone<p>After</div>', "After"),
    ('<div><p class="promo">Gone<div>After</div></div>', "After"),
    # a void element cannot hold the parser
    ('<p>Before <img class="share-icon" src="x.png"> after<br class="menu"></p><p>Next</p>', "Before after\nNext"),
    # a stray end tag closes nothing
    ('<div class="related">Gone</span></p>still gone</div><p>After</p>', "After"),
    # structural tags as before
    ('<header>Site</header><nav>Menu</nav><p>Text</p><aside>Box</aside><form>Search</form><footer>C</footer>', "Text"),
])
def test_builtin_drops_boilerplate(builtin, markup, text):
    assert html.read_page(markup, "p").text == text


def test_builtin_takes_the_articles_time_not_a_boxs():
    page = html._builtin(
        '<article><div class="related"><time datetime="2021-06-10">10 June</time></div>'
        '<footer>Published <time datetime="2021-06-14">14 June</time></footer><p>Text</p></article>'
        '<footer><article><time datetime="2021-06-01">1 June</time></article></footer>')
    assert (page.text, page.published) == ("Text", "2021-06-14")


def test_builtin_metadata_from_head_tags():
    page = html._builtin(
        '<html lang="ar-IQ"><head><title>Headline | Site</title><meta property="og:url" content="https://e.org/1">'
        '<meta property="og:site_name" content="Site"><meta name="dc.date" content="2020-02-03"></head>'
        "<body><p>Text</p></body></html>")
    assert page == html.Page(text="Text", title="Headline | Site", url="https://e.org/1", published="2020-02-03",
                             lang="ar-IQ", publisher="Site")
