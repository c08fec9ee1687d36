"""Hostile raw folders: each malformed record, odd file or listing error becomes a rejection naming the
file (and line), ingest goes on with the rest, and only regular files inside the raw folder are read."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dagster_project.ingest import pipeline as ingest_module
from dagster_project.ingest.pipeline import IngestReport, ingest_raw_folder
from dagster_project.ingest.raw_files import read_at_most, read_raw_file

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GOOD_TEXT = "date 2025-01-28\nTitle\n\nIndia and Japan held talks.\n"
DEEP = 100_000


def record(**fields: object) -> str:
    return json.dumps({"published_at": "2025-01-02", "body": "Leaders met.", **fields})


def ingest(raw: Path, warehouse: Path) -> tuple[IngestReport, dict[str, tuple]]:
    """Ingest `raw` into `warehouse`; the report and the rejections by source_uri."""
    con = duckdb.connect(str(warehouse))
    try:
        report = ingest_raw_folder(con, raw)
        rows = con.execute(
            "select source_uri, source_path, reason, line_number, detail, raw_bytes from events.rejections"
        ).fetchall()
    finally:
        con.close()
    assert report.balanced
    return report, {row[0]: row[1:] for row in rows}


def keys(warehouse: Path) -> set[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {key for (key,) in con.execute("select article_key from events.article_events").fetchall()}


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    return folder


# Finding 2: records a parser cannot take -------------------------------------------------------------


def test_a_lone_surrogate_rejects_its_record_only(raw: Path, tmp_path: Path) -> None:
    # json.dumps writes the lone surrogates as the escapes `\ud800`, `\udc00`: valid JSON, not valid text
    lines = [record(id="a"), record(id="b", body="Broken \ud800 text."), record(id="\udc00"), record(id="c")]
    (raw / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    bad_item = record(id="e", title="x \ud800")
    (raw / "list.json").write_text(f"[{record(id='d')}, {bad_item}]", encoding="utf-8")
    (raw / "retract.jsonl").write_text('{"id": "a", "retracted": true, "note": "\\udfff"}', encoding="utf-8")
    page = '<meta name="date" content="2024-01-01"><script type="application/ld+json">{"headline": "\\ud800"}'
    (raw / "page.html").write_text(page + "</script><p>Leaders met.</p>", encoding="utf-8")
    report, rejections = ingest(raw, tmp_path / "w.duckdb")
    assert keys(tmp_path / "w.duckdb") == {"file:good.txt", "feed:.:a", "feed:.:c", "feed:.:d"}
    for uri, line in (("feed.jsonl#2", 2), ("feed.jsonl#3", 3), ("list.json#2", 2), ("retract.jsonl#1", 1)):
        assert rejections[uri][1:3] == ("invalid_unicode", line), uri
    assert rejections["page.html"][1] == "invalid_unicode"
    assert b"\\ud800" in rejections["feed.jsonl#2"][4]
    assert report.rejected == 5


def test_json_nested_100000_deep_is_rejected_with_its_line(raw: Path, tmp_path: Path) -> None:
    deep = "[" * DEEP + "]" * DEEP
    (raw / "deep.json").write_text(deep, encoding="utf-8")
    (raw / "feed.jsonl").write_text("\n".join([record(id="a"), f'{{"id": "b", "body": {deep}}}']), encoding="utf-8")
    jsonld = f'<script type="application/ld+json">{deep}</script>'
    (raw / "page.html").write_text(f'<meta name="date" content="2024-01-01">{jsonld}<p>Kept.</p>', encoding="utf-8")
    _, rejections = ingest(raw, tmp_path / "w.duckdb")
    assert rejections["deep.json"][1] == "nested_too_deeply"
    assert rejections["feed.jsonl#2"][1:3] == ("nested_too_deeply", 2)
    # JSON-LD is optional metadata: the page is read without it
    assert keys(tmp_path / "w.duckdb") == {"file:good.txt", "feed:.:a", "file:page.html"}


def test_an_integer_of_more_than_4300_digits_is_rejected(raw: Path, tmp_path: Path) -> None:
    huge = "9" * 5000
    (raw / "feed.jsonl").write_text(f'{record(id="a")}\n{{"id": {huge}, "body": "x"}}', encoding="utf-8")
    (raw / "one.json").write_text(f'{{"id": 1, "count": {huge}}}', encoding="utf-8")
    page = f'<meta name="date" content="2024-01-01"><script type="application/ld+json">{{"n": {huge}}}</script>'
    (raw / "page.html").write_text(page + "<p>Kept.</p>", encoding="utf-8")
    _, rejections = ingest(raw, tmp_path / "w.duckdb")
    assert rejections["feed.jsonl#2"][1:3] == ("malformed_json", 2)
    assert "4300" in rejections["feed.jsonl#2"][3]
    assert rejections["one.json"][1] == "malformed_json"
    assert keys(tmp_path / "w.duckdb") == {"file:good.txt", "feed:.:a", "file:page.html"}


def test_html_with_a_bogus_marked_section_is_read_as_a_browser_reads_it(raw: Path, tmp_path: Path) -> None:
    page = '<html><head><meta name="date" content="2024-03-01"></head><body><![ if !IE]>'
    (raw / "page.html").write_text(page + "<p>PARIS — Talks began.</p><p>x <![ y</p></body></html>", encoding="utf-8")
    (raw / "cut.html").write_text('<meta name="date" content="2024-03-01"><p>Text.</p><![', encoding="utf-8")
    report, rejections = ingest(raw, tmp_path / "w.duckdb")
    assert keys(tmp_path / "w.duckdb") == {"file:good.txt", "file:page.html", "file:cut.html"}
    assert report.rejected == 0 and not rejections


# Finding 2: listing and reading errors -------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_rejected_and_the_rest_ingested(raw: Path, tmp_path: Path) -> None:
    with open(os.path.join(os.fsencode(raw), b"caf\xe9.txt"), "wb") as handle:
        handle.write(GOOD_TEXT.encode())
    (raw / "sub").mkdir()
    os.mkdir(os.path.join(os.fsencode(raw), b"dossier-\xff"))
    report, rejections = ingest(raw, tmp_path / "w.duckdb")
    assert rejections["caf\\xe9.txt"][1] == "undecodable_file_name"
    assert rejections["dossier-\\xff"][1] == "undecodable_file_name"
    assert report.appended == 1 and report.entries_rejected == 2


def test_symlink_loops_and_dangling_symlinks_are_rejected(raw: Path, tmp_path: Path) -> None:
    (raw / "loop-a.txt").symlink_to("loop-b.txt")
    (raw / "loop-b.txt").symlink_to("loop-a.txt")
    (raw / "self.txt").symlink_to("self.txt")
    (raw / "dangling.txt").symlink_to("nowhere.txt")
    (raw / "linked-folder").symlink_to(tmp_path)
    report, rejections = ingest(raw, tmp_path / "w.duckdb")
    reasons = {uri: row[1] for uri, row in rejections.items()}
    assert reasons == {
        "loop-a.txt": "symlink_loop",
        "loop-b.txt": "symlink_loop",
        "self.txt": "symlink_loop",
        "dangling.txt": "dangling_symlink",
        "linked-folder": "not_regular_file",
    }
    assert report.appended == 1
    again, _ = ingest(raw, tmp_path / "w.duckdb")
    assert again.new_rejections == 0 and again.rejected == 5  # found again while they last, stored once


def test_a_dangling_symlink_is_ingested_once_its_target_appears(raw: Path, tmp_path: Path) -> None:
    (raw / "later.txt").symlink_to("target.txt.part")
    ingest(raw, tmp_path / "w.duckdb")
    (raw / "target.txt.part").write_text(GOOD_TEXT.replace("India", "Chile"), encoding="utf-8")
    ingest(raw, tmp_path / "w.duckdb")
    assert "file:later.txt" in keys(tmp_path / "w.duckdb")


def test_an_unreadable_file_and_folder_are_rejected_and_read_once_readable(raw: Path, tmp_path: Path) -> None:
    """Root reads any file whatever its mode, so as root the ingest runs without the capabilities that let
    it (`setpriv`): the denial is the kernel's, as for any other user."""
    (raw / "locked").mkdir()
    (raw / "secret.txt").write_text(GOOD_TEXT.replace("India", "Peru"), encoding="utf-8")
    (raw / "locked" / "inner.txt").write_text(GOOD_TEXT.replace("India", "Chad"), encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    (raw / "secret.txt").chmod(0)
    (raw / "locked").chmod(0)
    try:
        report = _ingest_without_privileges(raw, warehouse)
    finally:
        (raw / "secret.txt").chmod(0o644)  # a mode change leaves size and mtime alone: the file must be retried
        (raw / "locked").chmod(0o755)
    assert report["appended"] == 1 and report["rejected"] == 2
    _, rejections = ingest_readonly_rejections(warehouse)
    assert rejections["secret.txt"][1] == "unreadable" and "Permission denied" in rejections["secret.txt"][3]
    assert rejections["locked/"][1] == "unreadable"
    report = _ingest_without_privileges(raw, warehouse)
    assert report["appended"] == 2 and report["rejected"] == 0
    assert keys(warehouse) == {"file:good.txt", "file:secret.txt", "file:locked/inner.txt"}


def _ingest_without_privileges(raw: Path, warehouse: Path) -> dict:
    """`python -m dagster_project.ingest.pipeline` as this user, or as root without the power to read any file."""
    command = [sys.executable, "-m", "dagster_project.ingest.pipeline", str(raw), str(warehouse)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: file modes cannot deny a read")
        caps = "-dac_override,-dac_read_search"
        command = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", "--", *command]
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def ingest_readonly_rejections(warehouse: Path) -> tuple[None, dict[str, tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select source_uri, source_path, reason, line_number, detail from events.rejections")
        return None, {row[0]: row[1:] for row in rows.fetchall()}


def test_a_file_that_vanishes_between_listing_and_reading(raw: Path, tmp_path: Path, monkeypatch) -> None:
    """A producer writes `x.tmp` and renames it: the listed name is gone when its turn comes."""
    (raw / "zz-renamed.txt.tmp").write_text(GOOD_TEXT, encoding="utf-8")
    monkeypatch.setattr(ingest_module, "CHUNK_FILES", 1)  # parse file by file, so the rename lands in between

    def rename_after_first_file(progress) -> None:
        tmp = raw / "zz-renamed.txt.tmp"
        if progress.files_done == 1 and tmp.exists():
            tmp.rename(raw / "zz-renamed.txt")

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        report = ingest_raw_folder(con, raw, progress=rename_after_first_file)
        reasons = con.execute("select source_uri, reason from events.rejections").fetchall()
        manifest = {p for (p,) in con.execute("select source_path from events.ingested_files").fetchall()}
        again = ingest_raw_folder(con, raw)
    finally:
        con.close()
    assert report.balanced and report.appended == 1
    assert reasons == [("zz-renamed.txt.tmp", "vanished")]
    assert manifest == {"good.txt"}  # not stamped as ingested: a name that comes back is read again
    assert again.appended == 1  # the renamed file


# Finding 3: only regular files inside the raw folder, with a bounded read ---------------------------


def test_a_named_pipe_does_not_hang_ingest(raw: Path, tmp_path: Path) -> None:
    os.mkfifo(raw / "pipe.txt")
    done = subprocess.run(
        [sys.executable, "-m", "dagster_project.ingest.pipeline", str(raw), str(tmp_path / "w.duckdb")],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    _, rejections = ingest_readonly_rejections(tmp_path / "w.duckdb")
    assert rejections["pipe.txt"][1] == "not_regular_file" and "named pipe" in rejections["pipe.txt"][3]
    # A pipe that replaces a listed file before it is read is refused without blocking too.
    assert read_raw_file(str(raw), "pipe.txt", 100).reason == "not_regular_file"


def test_special_files_and_dev_zero_are_never_read_unbounded(raw: Path, tmp_path: Path) -> None:
    (raw / "zero.txt").symlink_to("/dev/zero")
    device = raw / "device.txt"
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # the device /dev/zero is
    except PermissionError:
        device = None
    _, rejections = ingest(raw, tmp_path / "w.duckdb")
    assert rejections["zero.txt"][1] == "not_regular_file" and "character device" in rejections["zero.txt"][3]
    if device:
        assert rejections["device.txt"][1] == "not_regular_file"
        assert read_raw_file(str(raw), "device.txt", 100).reason == "not_regular_file"
    assert read_raw_file(str(raw), "zero.txt", 100).reason == "outside_raw_dir"


def test_the_read_is_bounded_whatever_fstat_says() -> None:
    fd = os.open("/dev/zero", os.O_RDONLY)
    try:
        assert len(read_at_most(fd, 0, 1000)) == 1001  # size 0 claimed, bytes without end
    finally:
        os.close(fd)
    fd = os.open("/proc/self/status", os.O_RDONLY)  # a regular file that reports size 0
    try:
        assert os.fstat(fd).st_size == 0 and b"Pid:" in read_at_most(fd, 0, 1 << 20)
    finally:
        os.close(fd)


def test_symlinks_out_of_the_raw_folder_are_not_followed(raw: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "raw2"  # a sibling whose name starts with the raw folder's
    elsewhere.mkdir()
    (elsewhere / "article.txt").write_text(GOOD_TEXT.replace("India", "Fiji"), encoding="utf-8")
    (raw / "article.txt").symlink_to(elsewhere / "article.txt")
    (raw / "passwd.txt").symlink_to("/etc/passwd")
    (raw / "passwd.png").symlink_to("/etc/passwd")
    (raw / "up.txt").symlink_to("../raw2/article.txt")
    (raw / "inside.txt").symlink_to("good.txt")  # a link that stays inside is read
    report, rejections = ingest(raw, tmp_path / "w.duckdb")
    assert keys(tmp_path / "w.duckdb") == {"file:good.txt", "file:inside.txt"}
    for name in ("article.txt", "passwd.txt", "passwd.png", "up.txt"):
        _, reason, _, detail, raw_bytes = rejections[name]
        assert reason == "outside_raw_dir" and raw_bytes == b"" and "root" not in detail, name
    assert report.rejected == 4
