"""The incremental store: content hashes, round trips, replacement, locking, schema versions."""
from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing
from datetime import date

import pytest

from incidents import store as store_module
from incidents.model import Event, Report, SourceInfo
from incidents.identity import report_hash
from incidents.store import Store, StoreBusy, StoreError

REPORT = Report(id="r-1", text="A bomb went off in Kirkuk on Monday, killing two.", published=date(2020, 5, 5),
                lang="en", origin="feed.jsonl:1")
EVENT = Event(
    event_id="abc", date="2020-05-04", date_precision="day", date_basis="relative", location="Kirkuk",
    admin1="Kirkuk", country="IQ", latitude=35.46806, longitude=44.39222, killed=2, wounded=None,
    event_type="bombing", perpetrator=None, target=None, sources=("r-1",), evidence="A bomb went off…",
    lang="en", killed_min=2, killed_max=2, mention="main",
)
SETTINGS = {"incidents": "test"}


@pytest.fixture
def path(tmp_path):
    return tmp_path / "timeline.db"


def test_hash_ignores_id_origin_and_line_ends_but_not_content():
    same = Report(id="copy", text=REPORT.text.replace(" ", " ") + "  \r\n", published=REPORT.published,
                  lang="en", origin="elsewhere.txt")
    assert report_hash(same) == report_hash(REPORT)
    assert report_hash(Report(id="r-1", text=REPORT.text, published=date(2020, 5, 6), lang="en")) != report_hash(REPORT)
    assert report_hash(Report(id="r-1", text=REPORT.text + " Later.", published=REPORT.published,
                              lang="en")) != report_hash(REPORT)
    assert report_hash(REPORT, lang="ar") != report_hash(REPORT)


def test_round_trip(path):
    digest = report_hash(REPORT)
    with Store.open(path) as store:
        assert not store.has(digest)
        store.put(REPORT, digest, [EVENT], SETTINGS)
        store.commit()
    with Store.open(path) as store:
        assert store.has(digest)
        assert store.events() == [EVENT]
        assert store.published() == {"r-1": date(2020, 5, 5)}
        assert store.count() == 1


def test_uncommitted_reports_are_dropped(path):
    with Store.open(path) as store:
        store.put(REPORT, report_hash(REPORT), [EVENT], SETTINGS)
    with Store.open(path) as store:
        assert store.count() == 0


def test_new_content_under_a_known_id_replaces_it(path):
    updated = Report(id="r-1", text=REPORT.text + " The toll rose to three.", published=REPORT.published, lang="en")
    with Store.open(path) as store:
        assert store.put(REPORT, report_hash(REPORT), [EVENT], SETTINGS) is False
        assert store.put(updated, report_hash(updated), [], SETTINGS) is True
        assert store.count() == 1 and not store.has(report_hash(REPORT))
        store.commit()
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT hash, id, events, replaced_by FROM history").fetchall() == [
            (report_hash(REPORT), "r-1", json.dumps([store_module._to_json(EVENT)], ensure_ascii=False,
                                                    sort_keys=True), report_hash(updated))]


def test_a_first_version_store_gains_a_history(path):
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        store_module._create_v1(db)
        db.execute("PRAGMA user_version = 1")
    with Store.open(path) as store:
        assert store.put(REPORT, report_hash(REPORT), [EVENT], SETTINGS) is False
        store.commit()
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (3,)
        assert db.execute("SELECT count(*) FROM history").fetchone() == (0,)


def test_names_are_unique_per_feed_and_content():
    from incidents.identity import source_id

    own = Report(id="7", text="x", origin="a.csv:8", feed="a.csv")
    # A free id is kept, so that the export joins back to the feed ...
    assert source_id(own, "f" * 64, lambda name: None) == "7"
    # ... and so is one the same feed holds: a new version of that report.
    assert source_id(own, "f" * 64, lambda name: "a.csv") == "7"
    # Another feed's "7" is another report.
    assert source_id(own, "f" * 64, lambda name: "b.csv") == "a.csv#7"
    assert source_id(own, "f" * 64, lambda name: "") == "a.csv#7"
    placed = Report(id="a.jsonl:1", text="x", origin="a.jsonl:1")
    assert source_id(placed, "0123456789abcdef" * 4, lambda name: None) == "a.jsonl:1"
    assert source_id(placed, "0123456789abcdef" * 4, lambda name: "") == "a.jsonl:1@0123456789ab"


def test_a_second_opener_waits_then_gives_up(path):
    with Store.open(path):
        start = time.monotonic()
        with pytest.raises(StoreBusy, match="busy"):
            Store.open(path, lock_timeout=0.3)
        assert 0.25 <= time.monotonic() - start < 5
    Store.open(path, lock_timeout=0.3).close()  # released on close


def test_a_newer_schema_is_refused(path):
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match=r"newer incidents \(schema 99; this version reads up to 3\)"):
        Store.open(path)


def test_a_foreign_database_is_refused(path):
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("CREATE TABLE something (x)")
    with pytest.raises(StoreError, match="not an incidents database"):
        Store.open(path)


def test_a_file_that_is_not_sqlite_is_refused(path):
    path.write_bytes(b"this is a CSV file, not a database\n" * 100)
    with pytest.raises(StoreError, match="not an incidents database"):
        Store.open(path)


def test_an_older_schema_is_migrated(path, monkeypatch):
    digest = report_hash(REPORT)
    with Store.open(path) as store:
        store.put(REPORT, digest, [EVENT], SETTINGS)
        store.commit()

    def add_note(db):
        db.execute("ALTER TABLE reports ADD COLUMN note TEXT DEFAULT 'v2'")

    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, add_note])
    with Store.open(path) as store:
        assert store.events() == [EVENT]
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (4,)
        assert db.execute("SELECT note FROM reports").fetchall() == [("v2",)]


def test_events_stored_before_a_field_existed_take_its_default(path):
    with Store.open(path) as store:
        store.put(REPORT, report_hash(REPORT), [EVENT], SETTINGS)
        store.commit()
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("UPDATE reports SET events = replace(events, '\"n_sources\": 1, ', '')")
        assert "n_sources" not in db.execute("SELECT events FROM reports").fetchone()[0]
    with Store.open(path) as store:
        assert store.events() == [EVENT]


CITED = Report(id="r-2", text="Gunmen attacked a checkpoint near Tikrit, wounding three.", published=date(2020, 5, 6),
               title="Checkpoint attacked", url="https://news.example/r-2", lang="en", origin="r-2.txt",
               publisher="Example News")


def test_sources_keep_what_the_exports_cite(path):
    with Store.open(path) as store:
        store.put(REPORT, report_hash(REPORT), [EVENT], SETTINGS)
        store.put(CITED, report_hash(CITED), [], SETTINGS)
        store.commit()
    with Store.open(path) as store:
        assert store.sources() == {
            "r-1": SourceInfo(published=date(2020, 5, 5)),
            "r-2": SourceInfo(url="https://news.example/r-2", title="Checkpoint attacked", publisher="Example News",
                              published=date(2020, 5, 6)),
        }


def test_dates_and_citations_are_read_from_the_file_when_asked_for(path):
    """published() and sources() do not copy the store into memory: they look each report up."""
    with Store.open(path) as store:
        store.put(REPORT, report_hash(REPORT), [EVENT], SETTINGS)
        published, sources = store.published(), store.sources()
        assert not isinstance(published, dict) and not isinstance(sources, dict)
        store.put(CITED, report_hash(CITED), [], SETTINGS)  # a report stored after: found too
        assert published["r-2"] == date(2020, 5, 6)
        assert sources["r-2"].publisher == "Example News"
        assert published.get("r-3") is None and "r-3" not in sources
        with pytest.raises(KeyError):
            published["r-3"]
        assert len(published) == 2 and sorted(sources) == ["r-1", "r-2"]


def test_a_damaged_publication_date_fails_before_anything_is_read(path):
    with Store.open(path) as store:
        store.put(REPORT, report_hash(REPORT), [EVENT], SETTINGS)
        store.commit()
    with closing(sqlite3.connect(path)) as db:
        db.execute("UPDATE reports SET published = '2020-13-45'")
        db.commit()
    with Store.open(path) as store:
        for mapping in (store.published, store.sources):
            with pytest.raises(StoreError, match="a stored publication date is damaged"):
                mapping()


def test_the_hashes_read_in_a_run_are_kept_apart_from_the_file(path):
    with Store.open(path) as store:
        assert store.first_read("h-1") and store.first_read("h-2")
        assert not store.first_read("h-1")
        store.commit()
    with Store.open(path) as store:
        assert store.first_read("h-1")  # another run
    with closing(sqlite3.connect(path)) as db:
        assert [name for name, in db.execute("SELECT name FROM sqlite_master")] == [
            "reports", "sqlite_autoindex_reports_1", "sqlite_autoindex_reports_2", "history"]


def _second_version_store(path):
    """A store as incidents wrote it before it kept titles, URLs and publishers (schema 2)."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        store_module._create_v1(db)
        store_module._add_history_v2(db)
        db.execute("PRAGMA user_version = 2")
        db.execute("INSERT INTO reports (hash, id, published, lang, origin, events, settings, feed)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
                   (report_hash(CITED), "r-2", "2020-05-06", "en", "r-2.txt",
                    json.dumps([store_module._to_json(EVENT)]), "{}"))


def test_a_second_version_store_opens_and_learns_its_citations(path):
    _second_version_store(path)
    with Store.open(path) as store:
        assert store.events() == [EVENT]
        assert store.sources() == {"r-2": SourceInfo(published=date(2020, 5, 6))}
        assert store.has(report_hash(CITED))
        store.complete(report_hash(CITED), CITED)  # the report, read again
        store.commit()
    with Store.open(path) as store:
        assert store.sources()["r-2"] == SourceInfo(url="https://news.example/r-2", title="Checkpoint attacked",
                                                    publisher="Example News", published=date(2020, 5, 6))
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (3,)
        columns = [row[1] for row in db.execute("PRAGMA table_info(history)")]
        assert columns[-3:] == ["title", "url", "publisher"]


def test_complete_never_overwrites_what_is_stored(path):
    with Store.open(path) as store:
        store.put(CITED, report_hash(CITED), [], SETTINGS)
        store.complete(report_hash(CITED), Report(id="r-2", text=CITED.text, url="https://mirror.example/r-2",
                                                  publisher="Mirror"))
        assert store.sources()["r-2"].url == "https://news.example/r-2"
        assert store.sources()["r-2"].publisher == "Example News"


def test_a_replaced_report_keeps_its_citation_in_the_history(path):
    updated = Report(id="r-2", text=CITED.text + " One died later.", published=CITED.published, lang="en")
    with Store.open(path) as store:
        store.put(CITED, report_hash(CITED), [], SETTINGS)
        store.put(updated, report_hash(updated), [], SETTINGS)
        store.commit()
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT title, url, publisher FROM history").fetchall() == [
            ("Checkpoint attacked", "https://news.example/r-2", "Example News")]
        assert db.execute("SELECT title, url, publisher FROM reports").fetchall() == [(None, None, None)]


def test_events_of_chosen_mentions_in_report_order(path):
    from dataclasses import replace

    told = {"r-2": [replace(EVENT, sources=("r-2",), mention="background"), replace(EVENT, sources=("r-2",))],
            "r-1": [replace(EVENT, mention="foiled")]}
    with Store.open(path) as store:
        for rid, events in told.items():
            report = replace(REPORT, id=rid, text=f"{REPORT.text} {rid}")
            store.put(report, report_hash(report), events, SETTINGS)
        store.commit()
        every = store.events()
        assert every == told["r-1"] + told["r-2"]
        assert store.events(mentions={"main", "foiled"}) == [e for e in every if e.mention in {"main", "foiled"}]
        assert store.events(mentions=()) == []
        assert every[0].country is every[1].country  # a value many events share is kept once


def test_an_empty_path_is_a_temporary_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with Store.open("") as store:
        store.put(REPORT, report_hash(REPORT), [EVENT], SETTINGS)
        store.commit()
        assert store.has(report_hash(REPORT)) and store.events() == [EVENT]
        assert store.path == "temporary store"
    assert list(tmp_path.iterdir()) == []
    with Store.open("") as store:
        assert store.count() == 0
