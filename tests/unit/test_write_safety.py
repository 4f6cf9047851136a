"""Nothing lost, nothing outside the data tree, an honest exit status: the writer under faults.

Each test reproduces one fault a tester found (kill between temp file and rename, disk full,
unwritable folder, unsafe event slug, malformed record / category.json / NO_PUBLISH.json, two
crawls into one tree) and asserts the tree is left intact and the crawl is marked failed with a
line naming the file. Tests run as root in CI, where chmod does not stop writes: the faults are
made by monkeypatching the os call instead.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import threading
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from pipelines.dedupe import DedupePipeline
from pipelines.write import WritePipeline
from scrapers.domain.record import canonical_json
from scrapers.items import Event, Record
from tests.unit.test_pipelines_write import record

EVENT = "pyohio-2024"


def crawler_for(root: Path, **settings):
    return get_crawler(settings_dict={"PYVIDEO_DATA_DIR": str(root), **settings})


def crawl(root: Path, event: Event, crawler=None, **settings):
    """Dedupe then write, as the crawl does; returns the crawler (stats hold the verdict)."""
    crawler = crawler or crawler_for(root, **settings)
    DedupePipeline.from_crawler(crawler).process_item(event)
    WritePipeline.from_crawler(crawler).process_item(event)
    return crawler


def failed(crawler) -> str:
    return crawler.stats.get_value("pyvideo/failed") or ""


def event_with(*records: Record, slug: str = EVENT) -> Event:
    return Event(slug=slug, title="PyOhio 2024", records=list(records))


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def existing_tree(root: Path) -> Path:
    """An event folder holding one record (video EFgmCHzVQOs) and its category.json."""
    videos = root / EVENT / "videos"
    videos.mkdir(parents=True)
    (root / EVENT / "category.json").write_text(canonical_json({"title": "PyOhio 2024"}))
    data = dict(record("Talk", "EFgmCHzVQOs").data)
    (videos / "talk.json").write_text(canonical_json(data))
    return videos


# 1. atomic, durable writes, no leftovers -----------------------------------------------------


def test_a_killed_crawls_temp_file_is_no_record_and_is_removed(tmp_path):
    videos = existing_tree(tmp_path)
    # a kill between writing the temp file and the rename: the temp file holds the same video
    leftover = videos / ".tmp-k1ll3d.json"
    leftover.write_text((videos / "talk.json").read_text())
    (videos / "talk.json").unlink()
    crawler = crawl(tmp_path, event_with(record("Talk", "EFgmCHzVQOs", description="New")))
    assert not leftover.exists()  # cleaned up, not updated as if it were a record
    assert sorted(p.name for p in videos.iterdir()) == ["talk.json"]
    assert json.loads((videos / "talk.json").read_text())["description"] == "New"
    assert failed(crawler) == ""


def test_written_files_get_a_normal_files_mode(tmp_path):
    crawl(tmp_path, event_with(record("Talk", "EFgmCHzVQOs")))
    umask = os.umask(0)
    os.umask(umask)
    for path in (tmp_path / EVENT / "videos" / "talk.json", tmp_path / EVENT / "category.json"):
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path


def test_fsync_before_rename(tmp_path, monkeypatch):
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1]
    )
    crawl(tmp_path, event_with(record("Talk", "EFgmCHzVQOs")))
    assert "replace" in calls
    assert calls.index("fsync") < calls.index("replace")


def test_a_read_only_record_is_refused_not_replaced(tmp_path, caplog):
    videos = existing_tree(tmp_path)
    target = videos / "talk.json"
    target.chmod(0o444)
    before = snapshot(tmp_path)
    event = event_with(
        record("Talk", "EFgmCHzVQOs", description="New"), record("Other", "aaaaaaaaaaa")
    )
    with caplog.at_level(logging.ERROR):
        crawler = crawl(tmp_path, event)
    assert (videos / "talk.json").read_bytes() == before[f"{EVENT}/videos/talk.json"]
    assert target.stat().st_mode & 0o777 == 0o444
    assert "talk.json" in failed(crawler)  # exit status 1
    assert any("talk.json" in r.getMessage() for r in caplog.records)
    # the refusal concerns that file only: the other record is written
    assert sorted(p.name for p in videos.iterdir()) == ["other.json", "talk.json"]
    assert [s.reason for s in event.skipped] == ["not written"]


# 2. disk full, unwritable folder -------------------------------------------------------------


def no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("call", ["write", "fsync"])
def test_disk_full_fails_and_leaves_no_empty_or_partial_file(tmp_path, monkeypatch, caplog, call):
    monkeypatch.setattr(os, call, no_space)
    event = event_with(record("Talk", "EFgmCHzVQOs"), record("Other", "aaaaaaaaaaa"))
    with caplog.at_level(logging.ERROR):
        crawler = crawl(tmp_path, event)
    monkeypatch.undo()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert re.search(r"pyohio-2024/videos/\S+\.json", failed(crawler))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "pyohio-2024/videos/" in errors[0]
    # every record is accounted for in the summary: none silently lost
    assert sorted(s.reason for s in event.skipped) == ["not written", "not written"]


def test_one_file_failing_among_many_leaves_the_others_written_and_counted(
    tmp_path, monkeypatch, caplog
):
    # files are written by several threads: the one that fails is the one reported and left
    # unwritten; the records around it are written and counted, in order
    import pipelines.write as write_module

    real = write_module.write_text

    def flaky(path, text, **kwargs):
        if path.name == "b.json":  # as write_text reports a full disk
            raise write_module.WriteError(f"{path}: cannot write: No space left on device")
        return real(path, text, **kwargs)

    monkeypatch.setattr(write_module, "write_text", flaky)
    names = ["A", "B", "C", "D"]
    event = event_with(*(record(n, f"{n.lower() * 11}") for n in names))
    with caplog.at_level(logging.ERROR):
        crawler = crawl(tmp_path, event)
    videos = tmp_path / EVENT / "videos"
    assert sorted(p.name for p in videos.iterdir()) == ["a.json", "c.json", "d.json"]
    assert "b.json" in failed(crawler)
    assert crawler.stats.get_value("pyvideo/records/written") == 3
    assert [(s.what, s.reason) for s in event.skipped] == [(event.records[1].label, "not written")]


def test_disk_full_on_an_update_keeps_the_old_file(tmp_path, monkeypatch):
    videos = existing_tree(tmp_path)
    before = snapshot(tmp_path)
    monkeypatch.setattr(os, "write", no_space)
    crawler = crawl(tmp_path, event_with(record("Talk", "EFgmCHzVQOs", description="New")))
    monkeypatch.undo()
    assert snapshot(tmp_path) == before
    assert str(videos / "talk.json") in failed(crawler)


def test_unwritable_folder_fails_with_the_files_name(tmp_path, monkeypatch):
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    crawler = crawl(tmp_path, event_with(record("Talk", "EFgmCHzVQOs")))
    monkeypatch.undo()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert "pyohio-2024/videos/talk.json" in failed(crawler)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_read_only_folder_fails(tmp_path):
    (tmp_path / EVENT / "videos").mkdir(parents=True)
    (tmp_path / EVENT / "videos").chmod(0o555)
    try:
        crawler = crawl(tmp_path, event_with(record("Talk", "EFgmCHzVQOs")))
    finally:
        (tmp_path / EVENT / "videos").chmod(0o755)
    assert "talk.json" in failed(crawler)
    assert list((tmp_path / EVENT / "videos").iterdir()) == []


# 3. the event slug is one safe path segment --------------------------------------------------

UNSAFE = ["../x-2025", "/tmp/x-2025", "a/b", "pycon us 2025", "pycön-2025", "", ".", "..", "A-1"]


@pytest.mark.parametrize("slug", UNSAFE)
def test_unsafe_slugs_are_refused(slug):
    from scrapers.domain.datatree import safe_slug

    assert safe_slug(slug)


@pytest.mark.parametrize("slug", ["pycon-us-2024", "python_porto", "debconf-17", "rc3-2020"])
def test_corpus_slugs_are_safe(slug):
    from scrapers.domain.datatree import safe_slug

    assert safe_slug(slug) is None


@pytest.mark.parametrize("slug", ["../x-2025", "a/b", "pycon us 2025"])
def test_writer_refuses_an_unsafe_slug_before_writing(tmp_path, slug):
    root = tmp_path / "data"
    crawler = crawl(root, event_with(record("Talk", "EFgmCHzVQOs"), slug=slug))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert failed(crawler)


def test_a_new_event_folder_follows_the_data_repos_name_rule(tmp_path):
    """FORMAT.md check 1: '_' is refused in a new event folder; a legacy one is still updated."""
    root = tmp_path / "data"
    crawler = crawl(root, event_with(record("Talk", "EFgmCHzVQOs"), slug="pycon_x-2025"))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert failed(crawler)
    (root / "python_porto" / "videos").mkdir(parents=True)
    crawler = crawl(root, event_with(record("Talk", "EFgmCHzVQOs"), slug="python_porto"))
    assert not failed(crawler)
    assert list((root / "python_porto" / "videos").glob("*.json"))


def test_tree_path_never_leaves_the_tree(tmp_path):
    from scrapers.domain.datatree import TreeError, tree_path

    assert tree_path(tmp_path, "a", "videos", "b.json") == tmp_path.resolve() / "a/videos/b.json"
    for parts in (("..", "x"), ("a", "..", ".."), ("/etc",), ("a/../../b",)):
        with pytest.raises(TreeError):
            tree_path(tmp_path, *parts)
    (tmp_path / "link").symlink_to(tmp_path.parent)
    with pytest.raises(TreeError):
        tree_path(tmp_path, "link", "x.json")


def test_the_crawl_command_refuses_an_unsafe_event_argument():
    from scrapers.commands.crawl import argument_problem
    from spiders.pyohio import PyohioSpider

    problem = argument_problem(PyohioSpider, {"year": "2025", "event": "../x-2025"})
    assert problem and "../x-2025" in problem
    assert argument_problem(PyohioSpider, {"year": "2025"}) is None


# 4. malformed existing record or category.json -----------------------------------------------


def test_malformed_record_is_reported_and_left_as_it_is(tmp_path, caplog):
    videos = tmp_path / EVENT / "videos"
    videos.mkdir(parents=True)
    broken = (
        '{\n    "title": "Talk",\n    "videos": [\n        {"url": "https://youtu.be/EFgmCHzVQOs"\n'
    )
    (videos / "talk.json").write_text(broken)
    with caplog.at_level(logging.ERROR):
        crawler = crawl(tmp_path, event_with(record("Talk", "EFgmCHzVQOs")))
    assert sorted(p.name for p in videos.iterdir()) == ["talk.json"]  # no talk-2.json
    assert (videos / "talk.json").read_text() == broken
    assert not (tmp_path / EVENT / "category.json").exists()
    assert re.search(r"talk\.json:\d+:\d+", failed(crawler))


def test_malformed_category_is_reported_before_any_record_is_written(tmp_path):
    folder = tmp_path / EVENT
    folder.mkdir()
    (folder / "category.json").write_text('{"title": "PyOhio 2024",\n}\n')
    before = snapshot(tmp_path)
    crawler = crawl(tmp_path, event_with(record("Talk", "EFgmCHzVQOs")))
    assert snapshot(tmp_path) == before
    assert "category.json:2:" in failed(crawler)


def test_malformed_record_elsewhere_still_counts_as_holding_its_video(tmp_path):
    other = tmp_path / "pyohio-2014" / "videos"
    other.mkdir(parents=True)
    (other / "x.json").write_text('{"videos": [{"url": "https://youtu.be/EFgmCHzVQOs"}],')
    event = event_with(record("Talk", "EFgmCHzVQOs"))
    crawl(tmp_path, event)
    assert not (tmp_path / EVENT / "videos").exists()
    assert [s.reason for s in event.skipped] == ["duplicate"]


# 5. malformed NO_PUBLISH.json fails closed; blocked ids are never written --------------------


@pytest.mark.parametrize("text", ["[2845, oops]", '{"2845": true}', '["2845"]', "[2845"])
def test_malformed_no_publish_stops_before_writing(tmp_path, text):
    (tmp_path / "NO_PUBLISH.json").write_text(text)
    event = event_with(record("Talk", "EFgmCHzVQOs"))
    crawler = crawl(tmp_path, event)
    assert snapshot(tmp_path) == {"NO_PUBLISH.json": text.encode()}
    assert "NO_PUBLISH.json" in failed(crawler)
    assert [s.reason for s in event.skipped] == ["not written"]


def test_a_blocked_record_is_never_updated_even_by_the_writer_alone(tmp_path):
    videos = existing_tree(tmp_path)
    data = json.loads((videos / "talk.json").read_text())
    (videos / "talk.json").write_text(canonical_json({**data, "id": 2845}))
    (tmp_path / "NO_PUBLISH.json").write_text("[2845]")
    before = snapshot(tmp_path)
    event = event_with(record("Talk", "EFgmCHzVQOs", description="New"))
    WritePipeline.from_crawler(crawler_for(tmp_path)).process_item(event)
    assert snapshot(tmp_path) == before
    assert [s.reason for s in event.skipped] == ["NO_PUBLISH"]


# 6. two crawls into one tree -----------------------------------------------------------------


def test_concurrent_crawls_do_not_write_the_same_video_twice(tmp_path):
    settings = {"PYVIDEO_LOCK_TIMEOUT": 20}
    first = event_with(record("Talk", "EFgmCHzVQOs"))
    second = event_with(record("Talk", "EFgmCHzVQOs"), slug="pyohio-2024-again")
    crawler_a = crawler_for(tmp_path, **settings)
    DedupePipeline.from_crawler(crawler_a).process_item(first)  # A has read the tree
    done = threading.Event()

    def crawl_b() -> None:
        crawl(tmp_path, second, **settings)  # B reads the tree while A has not written yet
        done.set()

    thread = threading.Thread(target=crawl_b)
    thread.start()
    done.wait(0.5)  # without the lock B would finish here
    WritePipeline.from_crawler(crawler_a).process_item(first)
    thread.join(30)
    assert not thread.is_alive()
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("videos/*.json"))
    assert files == ["pyohio-2024/videos/talk.json"]
    assert [s.reason for s in second.skipped] == ["duplicate"]
