"""The writer: merge without losing hand fixes, unique slugs, canonical bytes, nothing deleted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from pipelines.dedupe import DedupePipeline
from pipelines.write import WritePipeline, merge
from scrapers.domain.record import canonical_json, slugify
from scrapers.items import Event, Record


def record(title: str, vid: str, **extra) -> Record:
    data = {
        "title": title,
        "speakers": extra.pop("speakers", ["Jamie Bliss"]),
        "description": extra.pop("description", ""),
        "recorded": extra.pop("recorded", "2024-07-28"),
        "videos": [{"type": "youtube", "url": f"https://www.youtube.com/watch?v={vid}"}],
        **extra,
    }
    return Record(data=data, video_key=f"youtube:{vid}", talk_id=extra.get("talk_id"))


def run(pipeline_cls, tmp_path: Path, event: Event, **settings) -> Event:
    crawler = get_crawler(settings_dict={"PYVIDEO_DATA_DIR": str(tmp_path), **settings})
    pipeline_cls.from_crawler(crawler).process_item(event)
    return event


def event_with(*records: Record) -> Event:
    return Event(slug="pyohio-2024", title="PyOhio 2024", records=list(records))


def test_merge_fills_only_empty_fields():
    old = {"title": "Hand-fixed title", "speakers": [], "description": "", "tags": ["x"]}
    new = {"title": "Scraped title", "speakers": ["Jamie Bliss"], "description": "New", "tags": []}
    assert merge(old, new, set()) == {
        "title": "Hand-fixed title",
        "speakers": ["Jamie Bliss"],
        "description": "New",
        "tags": ["x"],
    }
    assert merge(old, new, {"title"})["title"] == "Scraped title"


def test_repeated_titles_get_distinct_slugs_and_files(tmp_path):
    event = event_with(
        record("Lightning Talks", "aaaaaaaaaaa", recorded="2024-07-27"),
        record("Lightning Talks", "bbbbbbbbbbb", recorded="2024-07-28"),
    )
    run(WritePipeline, tmp_path, event)
    files = sorted(p.name for p in (tmp_path / "pyohio-2024" / "videos").iterdir())
    assert files == ["lightning-talks-2.json", "lightning-talks.json"]
    second = json.loads((tmp_path / "pyohio-2024/videos/lightning-talks-2.json").read_text())
    assert second["slug"] == "lightning-talks-2"
    assert second["recorded"] == "2024-07-28"  # the order is by date, so stable across runs


def test_written_bytes_are_canonical_and_second_run_changes_nothing(tmp_path):
    rec = record("A Confession of My Python Sins", "EFgmCHzVQOs", description="Sins – “quoted”")
    run(WritePipeline, tmp_path, event_with(rec))
    path = tmp_path / "pyohio-2024/videos/a-confession-of-my-python-sins.json"
    text = path.read_text()
    assert text == canonical_json(json.loads(text))
    assert "\\u2013" in text  # ASCII-escaped, as the data repo's json.dumps default
    mtime = path.stat().st_mtime_ns
    crawler_event = event_with(record("A Confession of My Python Sins", "EFgmCHzVQOs"))
    run(WritePipeline, tmp_path, crawler_event)
    assert path.stat().st_mtime_ns == mtime
    assert path.read_text() == text
    category = json.loads((tmp_path / "pyohio-2024/category.json").read_text())
    assert category == {"title": "PyOhio 2024"}


def test_existing_record_keeps_hand_fixes_and_other_files_survive(tmp_path):
    videos = tmp_path / "pyohio-2024" / "videos"
    videos.mkdir(parents=True)
    hand = {
        "title": "Fixed By Hand",
        "speakers": ["Jamie Bliss"],
        "description": "",
        "recorded": "2024-07-28",
        # the corpus still has short links: the same video must be recognised
        "videos": [{"type": "youtube", "url": "https://youtu.be/EFgmCHzVQOs"}],
    }
    (videos / "fixed.json").write_text(json.dumps(hand, indent=4))
    (videos / "other.json").write_text(canonical_json({"title": "Other", "videos": []}))
    rec = record("Scraped", "EFgmCHzVQOs", description="Filled in", language="eng")
    run(WritePipeline, tmp_path, event_with(rec))
    merged = json.loads((videos / "fixed.json").read_text())
    assert merged["title"] == "Fixed By Hand"
    assert merged["description"] == "Filled in"
    assert merged["language"] == "eng"
    assert merged["videos"] == hand["videos"]
    assert (videos / "other.json").exists()
    assert sorted(p.name for p in videos.iterdir()) == ["fixed.json", "other.json"]


def test_unchanged_existing_file_in_other_serialization_is_not_rewritten(tmp_path):
    videos = tmp_path / "pyohio-2024" / "videos"
    videos.mkdir(parents=True)
    rec = record("Talk", "EFgmCHzVQOs")
    original = json.dumps(rec.data, indent=4)
    (videos / "talk.json").write_text(original)
    run(WritePipeline, tmp_path, event_with(record("Talk", "EFgmCHzVQOs")))
    assert (videos / "talk.json").read_text() == original


def test_long_titles_give_short_file_names(tmp_path):
    title = "Ünïcödé " + "very long title words " * 20
    run(WritePipeline, tmp_path, event_with(record(title, "EFgmCHzVQOs")))
    (path,) = (tmp_path / "pyohio-2024" / "videos").iterdir()
    assert len(path.name.encode()) < 140
    assert path.name.startswith("unicode-very-long-title")


def test_dedupe_against_tree_crawl_and_no_publish(tmp_path):
    other = tmp_path / "pyohio-2014" / "videos"
    other.mkdir(parents=True)
    (other / "diversity-in-tech.json").write_text(
        json.dumps(
            {
                "id": 2845,
                "title": "x",
                "videos": [
                    {"type": "youtube", "url": "https://www.youtube.com/watch?v=blockedvid1"}
                ],
            }
        )
    )
    (other / "elsewhere.json").write_text(
        json.dumps(
            {"title": "y", "videos": [{"type": "youtube", "url": "https://youtu.be/elsewhere01"}]}
        )
    )
    (tmp_path / "NO_PUBLISH.json").write_text("[2845]")
    event = event_with(
        record("Fine", "finevideo01"),
        record("Again", "finevideo01"),
        record("Blocked", "blockedvid1"),
        record("Elsewhere", "elsewhere01"),
    )
    run(DedupePipeline, tmp_path, event)
    assert [r.data["title"] for r in event.records] == ["Fine"]
    reasons = sorted((s.reason, s.what) for s in event.skipped)
    assert [r for r, _ in reasons] == ["NO_PUBLISH", "duplicate", "duplicate"]
    details = " ".join(s.detail for s in event.skipped)
    assert "pyohio-2014/videos/elsewhere.json" in details


@pytest.mark.parametrize("slug", ["pyohio-2024"])
def test_empty_event_writes_nothing(tmp_path, slug):
    run(WritePipeline, tmp_path, Event(slug=slug, title="PyOhio 2024"))
    assert not (tmp_path / slug).exists()


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        # file names in the corpus (minsk-python-meetup, pycon-jp-2019): every script is
        # transliterated, so Cyrillic and Japanese titles no longer collapse to "numpy", "" ...
        ("Numpy: векторизация", "numpy-vektorizatsiia"),
        ("DjangoとJupyterで始めるPyData", "djangotojupyterdeshi-merupydata"),
        # Latin letters without a decomposition keep their ASCII form
        ("Mercurial Migration im großen Stil", "mercurial-migration-im-grossen-stil"),
        ("Michał Żyliński", "michal-zylinski"),
        # a narrow no-break space before a French colon separates words (pycon-fr-2025)
        (
            "Virtual environments and lockfiles\u202f: how Python is improving reproducibility",
            "virtual-environments-and-lockfiles-how-python-is-improving-reproducibility",
        ),
        # the data repo's own rule (FORMAT.md check 4): tags stripped, "_" kept
        ("snake_case in <b>Python</b>", "snake_case-in-python"),
        ("__init__.py and You", "__init__py-and-you"),
        ("  --  Dashes  -- and   spaces ", "dashes-and-spaces"),
    ],
)
def test_slugs_transliterate_every_script(title: str, slug: str) -> None:
    assert slugify(title) == slug
