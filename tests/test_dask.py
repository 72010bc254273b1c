"""--engine dask: the same bytes, errors and exit codes as the local engine.

The generated corpus is built from templates written for this test (English and
Arabic, attacks, foiled attacks and negatives, several input formats and a few
unreadable inputs); each report is dated by a pinned publication date.
"""
import builtins
import csv
import io
import json
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incidents.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ENV = {"NO_COLOR": "1", "TERMINAL_WIDTH": "200", "COLUMNS": "200"}
FORMATS = ("csv", "json", "jsonl", "geojson", "table")

EN_PLACES = ("Baghdad", "Mosul", "Kirkuk", "Tikrit", "Ramadi", "Fallujah", "Baqubah", "Samarra", "Kabul",
             "Maiduguri")
AR_PLACES = ("بغداد", "الموصل", "كركوك", "تكريت", "الرمادي", "الفلوجة", "بعقوبة", "سامراء")
EN_NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five", 7: "seven", 9: "nine", 12: "12", 17: "17", 31: "31"}
AR_NUMBERS = {2: "اثنين", 3: "ثلاثة", 4: "أربعة", 5: "خمسة", 7: "سبعة", 9: "9", 12: "12", 17: "17", 31: "٣١"}
EN_DAYS = ("on Monday", "on Tuesday", "on Wednesday", "yesterday", "on Friday", "early on Sunday")
AR_DAYS = ("يوم الاثنين", "يوم الثلاثاء", "أمس", "يوم الأربعاء الماضي", "فجر اليوم", "يوم الجمعة")

EN_TEMPLATES = (
    "A car bomb exploded near a crowded market in {place} {day}, killing {k} people and wounding {w} others, "
    "police said.",
    "Gunmen ambushed an army patrol outside {place} {day}, killing {k} soldiers, officials said. "
    "At least {w} were wounded.",
    "A suicide bomber blew himself up at a checkpoint in {place} {day}, killing {k} policemen and wounding {w}.",
    "Rockets hit a residential district of {place} {day}, wounding {w} civilians. No one was killed, "
    "a local official said.",
    "Security forces foiled a plot to bomb a mosque in {place} {day} and arrested {k} suspects.",
    "The city council of {place} met {day} to discuss the reconstruction of {w} schools and a bridge.",
    "An improvised explosive device went off beside a minibus in {place} {day}. Hospital sources said "
    "{k} passengers died and {w} were hurt.",
)
AR_TEMPLATES = (
    "قُتل {k} أشخاص وأصيب {w} آخرون بانفجار سيارة مفخخة قرب سوق شعبي في {place} {day}، وفق مصدر في الشرطة.",
    "نصب مسلحون كميناً لدورية للجيش خارج {place} {day}، ما أسفر عن مقتل {k} جنود وإصابة {w} آخرين.",
    "فجر انتحاري نفسه عند نقطة تفتيش في {place} {day}، ما أدى إلى مقتل {k} من الشرطة وجرح {w}.",
    "أحبطت القوات الأمنية مخططاً لتفجير سيارة مفخخة في {place} {day} واعتقلت {k} من المشتبه بهم.",
    "عقد مجلس محافظة {place} {day} اجتماعاً لبحث إعمار {w} مدارس وجسر.",
    "سقطت قذائف هاون على حي سكني في {place} {day}، ما أدى إلى إصابة {w} مدنيين.",
)


def _report(rng: random.Random, i: int) -> dict:
    """One generated report: id, text, language and (mostly) a publication date."""
    arabic = rng.random() < 0.45
    templates, places, numbers, days = ((AR_TEMPLATES, AR_PLACES, AR_NUMBERS, AR_DAYS) if arabic else
                                        (EN_TEMPLATES, EN_PLACES, EN_NUMBERS, EN_DAYS))
    sentences = [
        rng.choice(templates).format(place=rng.choice(places), day=rng.choice(days),
                                     k=numbers[rng.choice(list(numbers))], w=numbers[rng.choice(list(numbers))])
        for _ in range(rng.randint(1, 3))
    ]
    published = date(2019, 1, 1) + timedelta(days=rng.randrange(365))
    return {"id": f"gen-{i:04d}", "text": " ".join(sentences), "lang": "ar" if arabic else "en",
            "published": published.isoformat() if rng.random() < 0.9 else None}


def make_corpus(folder: Path, n: int = 300, seed: int = 16) -> Path:
    """``n`` reports spread over text files, JSON Lines, a JSON array and a CSV table, in
    nested folders, plus inputs that cannot be read: an empty file, a line of bad JSON, a
    table without a text column and a date that is not one."""
    rng = random.Random(seed)
    reports = [_report(rng, i) for i in range(n)]
    chunks = [reports[i:i + 25] for i in range(0, n, 25)]
    for c, chunk in enumerate(chunks):
        sub = folder / f"part-{c % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        kind = c % 4
        if kind == 0:
            for r in chunk:
                header = f"Published: {r['published']}\n" if r["published"] else ""
                (sub / f"{r['id']}.txt").write_text(f"Title: {r['id']}\n{header}Language: {r['lang']}\n\n{r['text']}\n",
                                                    encoding="utf-8")
        elif kind == 1:
            lines = [json.dumps(r, ensure_ascii=False) for r in chunk]
            if c == 1:
                lines.insert(3, '{"id": "broken", "text": ')
            (sub / f"feed-{c}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        elif kind == 2:
            (sub / f"dump-{c}.json").write_text(json.dumps(chunk, ensure_ascii=False), encoding="utf-8")
        else:
            buf = io.StringIO()
            writer = csv.DictWriter(buf, fieldnames=["id", "text", "lang", "published"])
            writer.writeheader()
            writer.writerows(chunk)
            (sub / f"table-{c}.csv").write_text(buf.getvalue(), encoding="utf-8")
    (folder / "part-0" / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "part-1" / "no-text.csv").write_text("id,body_text\nx,Gunmen killed two.\n", encoding="utf-8")
    (folder / "part-2" / "odd-date.jsonl").write_text(
        json.dumps({"id": "odd", "text": "Gunmen killed two policemen in Kirkuk.", "published": "soonish"}) + "\n",
        encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def scheduler():
    """The address of a two-worker local cluster shared by the tests of this module."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"}) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def runner():
    return CliRunner(env=ENV)


def _run(runner, *args, input=None):
    result = runner.invoke(app, ["extract", *map(str, args)], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def _same(local, dask):
    """The two runs wrote the same bytes, the same error lines and exited alike."""
    assert dask.exit_code == local.exit_code
    assert dask.stdout_bytes == local.stdout_bytes
    assert dask.stderr == local.stderr


def test_samples_give_the_same_bytes_in_every_format(runner, scheduler):
    for fmt in FORMATS:
        local = _run(runner, SAMPLES, "--format", fmt)
        dask = _run(runner, SAMPLES, "--format", fmt, "--engine", "dask", "--scheduler", scheduler)
        _same(local, dask)
        assert local.exit_code == 0 and local.stdout.count("\n") > 20


def test_a_local_cluster_of_jobs_workers_starts_when_no_scheduler_is_named(runner, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    local = _run(runner, SAMPLES, "--format", "jsonl", "--no-merge")
    _same(local, _run(runner, SAMPLES, "--format", "jsonl", "--no-merge", "--engine", "dask", "--jobs", "2"))


def test_generated_corpus_gives_the_same_bytes_and_errors(runner, scheduler, tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    for args in (("--format", "jsonl", "--no-merge"), ("--format", "csv")):
        local = _run(runner, corpus, *args)
        dask = _run(runner, corpus, *args, "--engine", "dask", "--scheduler", scheduler)
        _same(local, dask)
        assert local.exit_code == 1
        origins = [line.removeprefix("incidents: ").removeprefix("warning: ").split(": ")[0]
                   for line in local.stderr.splitlines()[:-1]]
        assert origins == [
            f"{corpus}/part-0/empty.txt", f"{corpus}/part-1/feed-1.jsonl:4", f"{corpus}/part-1/no-text.csv",
            f"{corpus}/part-2/odd-date.jsonl:1"]
    rows = list(csv.DictReader(io.StringIO(local.stdout)))
    assert len(rows) > 200 and {r["country"] for r in rows} >= {"IQ", "AF", "NG"}


def test_stdin_and_missing_paths_go_through_the_client(runner, scheduler, tmp_path):
    feed = (SAMPLES / "feed.jsonl").read_text(encoding="utf-8")
    args = ("-", tmp_path / "nowhere.txt", SAMPLES / "en-kabul-bus-station.txt", "--format", "jsonl")
    local = _run(runner, *args, input=feed)
    _same(local, _run(runner, *args, "--engine", "dask", "--scheduler", scheduler, input=feed))
    assert local.exit_code == 1 and "nowhere.txt: no such file or directory" in local.stderr


def test_scheduler_address_from_the_environment(runner, scheduler):
    local = _run(runner, SAMPLES, "--format", "csv")
    import dask

    with dask.config.set({"scheduler-address": scheduler}):  # what DASK_SCHEDULER_ADDRESS sets
        _same(local, _run(runner, SAMPLES, "--format", "csv", "--engine", "dask", "--jobs", "7"))


def test_a_store_fills_alike_and_skips_stored_reports(runner, scheduler, tmp_path):
    corpus = make_corpus(tmp_path / "corpus", n=60)
    runs = {}
    for engine in ("local", "dask"):
        extra = ("--scheduler", scheduler) if engine == "dask" else ()
        db = tmp_path / f"{engine}.db"
        first = _run(runner, corpus, "--db", db, "--format", "jsonl", "--engine", engine, *extra)
        again = _run(runner, corpus, "--db", db, "--format", "jsonl", "--engine", engine, *extra)
        runs[engine] = first, again
    for local, dask in zip(runs["local"], runs["dask"]):
        _same(local, dask)
    assert "(0 new, 61 already stored)" in runs["dask"][1].stderr


def test_without_the_extra_one_line_says_what_to_install(runner, monkeypatch):
    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    result = _run(runner, SAMPLES, "--engine", "dask")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "incidents: --engine dask needs Dask: install incidents[dask] (pip install 'incidents[dask]')\n"


def test_engine_options_are_checked(runner):
    result = _run(runner, SAMPLES, "--engine", "spark")
    assert result.exit_code == 2 and "unknown engine 'spark' (use local or dask)" in result.output
    result = _run(runner, SAMPLES, "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2 and "--scheduler needs --engine dask" in result.output


def test_an_unreachable_scheduler_is_one_line_and_exit_2(runner):
    dask = pytest.importorskip("dask")
    pytest.importorskip("distributed")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = _run(runner, SAMPLES, "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("incidents: cannot reach the Dask scheduler at tcp://127.0.0.1:9: ")
    assert result.stderr.count("\n") == 1


def test_help_does_not_import_dask():
    code = ("import sys\nfrom incidents.cli.app import app\n"
            "try:\n    app(['extract', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**ENV, "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
    assert "--engine" in done.stdout and "--scheduler" in done.stdout


def test_partitions_keep_input_order_and_give_every_worker_work():
    from incidents.distributed import PARTITION_BYTES, _partitions

    sources = [(f"f{i}", 1000) for i in range(40)]
    parts = _partitions(sources, workers=2)
    assert [s for part in parts for s in part] == [s for s, _ in sources]
    assert len(parts) == 8 and {len(p) for p in parts} == {5}
    big = [(f"f{i}", PARTITION_BYTES // 2) for i in range(40)]
    assert [len(p) for p in _partitions(big, workers=2)] == [2] * 20
