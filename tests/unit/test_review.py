"""The review page: its rows and flags per record, escaping, and a valid HTML document."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from pipelines.review import ReviewPipeline
from pipelines.write import merge
from scrapers.commands.review import Command
from scrapers.domain.names import NameIndex
from scrapers.domain.record import build_record, canonical_json
from scrapers.items import Event, Recording, Skip, Talk
from scrapers.review import event_page, event_rows, folder_page, folder_rows, render_page

# Real names and titles of PyCon UK 2017 (the golden case) and of the corpus.
TREE_NAMES = NameIndex({"Prabhant Singh": 2, "Nikoleta Glynatsi": 3, "Tom Clark": 1}, {})


def recording(vid: str, title: str, **kw) -> Recording:
    rec = Recording("youtube", vid, f"https://www.youtube.com/watch?v={vid}", title, **kw)
    rec.curated_title = kw.get("curated_title", title)
    return rec


def uk_event() -> Event:
    """PyCon UK 2017 in miniature: a link, a low-margin title match, a lone video, a lone talk."""
    event = Event(
        slug="pycon-uk-2017",
        title="PyCon UK 2017",
        start_date=dt.date(2017, 10, 26),
        end_date=dt.date(2017, 10, 30),
    )
    keynote = Talk(
        "keynote/shaping-the-world",
        "Keynote: Shaping the World",
        speakers=["Hannah Fry"],
        recorded="2017-10-27",
    )
    weak = Talk(
        "talk/a-sprinkling-of-numpy",
        "A sprinkling of NumPy",
        speakers=["prabhant singh"],
        recorded="2017-10-28",
    )
    leaked = Talk(
        "talk/pycon-uk-2017-by-nikoleta",
        "PyCon UK 2017: Game theory by Nikoleta Glynatsi",
        speakers=["Nikoleta Glynatsi"],
        recorded="2016-10-28",  # outside the event's dates
    )
    alone = Talk(
        "talk/detecting-gravitational-waves-with-python",
        "Detecting gravitational waves with python",
        speakers=["Duncan Macleod"],
        recorded="2017-10-26",
    )
    event.talks = [keynote, weak, leaked, alone]
    rk = recording("F8mi1LxtOAc", "PYCON UK 2017: Keynote: Shaping the World", duration=3725)
    rw = recording("AAAAAAAAAAA", "PYCON UK 2017: Sprinkling NumPy")
    rl = recording("BBBBBBBBBBB", "PYCON UK 2017: Game theory")
    ru = recording("Kn9qTz2pYHs", "PYCON UK 2017: John Pinner Awards")
    ru.curated_title = "John Pinner Awards"
    event.recordings = [rk, rw, rl, ru]
    event.records = [
        build_record(event, keynote, rk),
        build_record(event, weak, rw),
        build_record(event, leaked, rl),
        build_record(event, recording=ru),
    ]
    event.skipped = [
        Skip(f"talk {alone.source_id} {alone.title!r}", "no recording yet"),
        Skip("talk break/lunch 'Lunch'", "meal"),
    ]
    event.match_report = {
        "counts": {"playlist_items": 4, "matched": 3, "unmatched_videos": 1,
                   "skipped_videos": 0, "talks": 4, "unmatched_talks": 1},
        "pairs": [
            {"talk_id": keynote.source_id, "talk_title": keynote.title, "video_id": rk.video_id,
             "video_title": rk.title, "score": 1.0, "evidence": "schedule link"},
            {"talk_id": weak.source_id, "talk_title": weak.title, "video_id": rw.video_id,
             "video_title": rw.title, "score": 0.68, "evidence": "title 0.80 + speakers 1/1"},
            {"talk_id": leaked.source_id, "talk_title": leaked.title, "video_id": rl.video_id,
             "video_title": rl.title, "score": 0.9, "evidence": "title 1.00 + speakers 1/1"},
        ],
        "unmatched_talks": [
            {"talk_id": alone.source_id, "title": alone.title,
             "reason": "weak: best 0.53 with Gr6XBaGwetY"},
        ],
        "unmatched_recordings": [
            {"video_id": ru.video_id, "title": ru.title,
             "reason": "no talk: best 0.47 with talk/the-history-of-pycon",
             "likely_duplicate_of": None},
        ],
    }  # fmt: skip
    return event


def by_key(rows):
    return {row.key: row for row in rows}


def test_rows_and_flags_per_record():
    rows = by_key(event_rows(uk_event(), names=TREE_NAMES))
    assert len(rows) == 5  # four records and the talk without a video

    keynote = rows["youtube:F8mi1LxtOAc"]
    assert keynote.title == "Keynote: Shaping the World"
    assert keynote.schedule_title == "Keynote: Shaping the World"
    assert keynote.video_title == "PYCON UK 2017: Keynote: Shaping the World"
    assert (keynote.evidence, keynote.score) == ("schedule link", 1.0)
    assert keynote.duration == 3725
    assert keynote.recorded == "2017-10-27"
    assert keynote.language == "eng"
    assert keynote.thumbnail == "https://i.ytimg.com/vi/F8mi1LxtOAc/hqdefault.jpg"
    # a speaker the tree does not know, with no similar spelling
    assert [(f.code, f.text) for f in keynote.flags] == [
        ("new-speaker", "Hannah Fry; no similar name")
    ]

    weak = rows["youtube:AAAAAAAAAAA"]
    assert weak.codes == ["low-margin", "new-speaker"]
    assert "0.68" in weak.flags[0].text
    assert weak.flags[1].text.startswith("prabhant singh; nearest: Prabhant Singh")

    leaked = rows["youtube:BBBBBBBBBBB"]
    assert leaked.codes == ["recorded-year", "title-event", "title-speaker"]
    assert "2016-10-28" in leaked.flags[0].text and "2017-10-26..2017-10-30" in leaked.flags[0].text

    lone_video = rows["youtube:Kn9qTz2pYHs"]
    assert lone_video.codes == ["unmatched-video"]
    assert "no talk: best 0.47" in lone_video.flags[0].text
    assert lone_video.title == "John Pinner Awards"
    assert lone_video.video_title == "PYCON UK 2017: John Pinner Awards"

    lone_talk = rows["talk:talk/detecting-gravitational-waves-with-python"]
    assert lone_talk.codes == ["unmatched-talk"]  # not written: its speakers do not matter yet
    assert "weak: best 0.53 with Gr6XBaGwetY" in lone_talk.flags[0].text
    assert lone_talk.evidence == "no video"


def test_flagged_rows_first_in_flag_order():
    rows = event_rows(uk_event(), names=NameIndex({"Hannah Fry": 1, "Duncan Macleod": 1}, {}))
    assert [r.key for r in rows] == [
        "youtube:AAAAAAAAAAA",  # low-margin
        "youtube:Kn9qTz2pYHs",  # unmatched-video
        "youtube:BBBBBBBBBBB",  # recorded-year
        "talk:talk/detecting-gravitational-waves-with-python",  # unmatched-talk: not published
        "youtube:F8mi1LxtOAc",  # nothing: last
    ]
    assert rows[-1].flags == []


def test_empty_tree_checks_no_speaker_names():
    rows = event_rows(uk_event(), names=NameIndex({}, {}))
    assert not any(f.code == "new-speaker" for r in rows for f in r.flags)
    assert "Speaker names not checked" in event_page(uk_event(), rows, "", NameIndex({}, {}))


def test_playlist_only_crawl_says_so_once():
    event = uk_event()
    event.talks, event.match_report = [], None
    event.records = [build_record(event, recording=r) for r in event.recordings]
    rows = event_rows(event)
    assert [r.codes for r in rows if "unmatched-video" in r.codes] == []
    assert "No schedule: every record is curated" in event_page(event, rows, "", None)


def test_description_fallback_and_gap_filled():
    event = uk_event()
    event.talks[0].description_fallback = "literal"  # set by the clean step (see the report)
    old = {"title": "Shaping the World (hand-fixed)", "speakers": ["Hannah Fry"], "videos": []}
    new = event.records[0].data
    merged = merge(old, new, set())
    existing = {"youtube:F8mi1LxtOAc": (old, merged, "videos/shaping-the-world.json")}
    rows = by_key(event_rows(event, names=None, existing=existing))
    keynote = rows["youtube:F8mi1LxtOAc"]
    assert keynote.title == "Shaping the World (hand-fixed)"  # the record as it will be
    assert keynote.file == "videos/shaping-the-world.json"
    gap = [f.text for f in keynote.flags if f.code == "gap-filled"]
    assert gap == [
        "filled: duration, language, recorded, thumbnail_url, videos; kept its own: title"
    ]
    # the description kept is the record's own: no fallback to look at
    assert "description-fallback" not in keynote.codes
    event.talks[1].description_fallback = "escaped"
    weak = by_key(event_rows(event))["youtube:AAAAAAAAAAA"]
    assert ("description-fallback", "converted as escaped") in [
        (f.code, f.text) for f in weak.flags
    ]


HOSTILE = '</td><script>alert("x")</script><img src=x onerror=alert(1)>'


def test_everything_escaped_and_only_http_links():
    event = uk_event()
    data = event.records[0].data
    data["title"] = HOSTILE
    data["speakers"] = ['Bob "<b>" Tables']
    data["thumbnail_url"] = "javascript:alert(1)"
    data["videos"] = [{"type": "url", "url": "data:text/html,<script>alert(1)</script>"}]
    page = event_page(event, event_rows(event), "summary <b>x</b>", None)
    assert "<script>" not in page
    assert "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "javascript:" not in page and 'href="data:' not in page
    assert "summary &lt;b&gt;x&lt;/b&gt;" in page


def strict_parse(page: str):
    html5lib = pytest.importorskip("html5lib", reason="html5lib (test extra) not installed")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(page)  # raises ParseError on the first parse error


@pytest.mark.parametrize("names", [None, TREE_NAMES])
def test_page_is_valid_html(names):
    event = uk_event()
    event.records[0].data["title"] = HOSTILE
    page = event_page(event, event_rows(event, names=names), "Crawl summary", names)
    doc = strict_parse(page)
    rows = doc.findall(".//tbody/tr")
    assert len([r for r in rows if "record" in r.get("class", "")]) == 5
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert page.startswith("<!DOCTYPE html>\n")
    assert "<script" not in page


def test_strict_parser_rejects_a_broken_page():
    with pytest.raises(Exception, match=r"."):
        strict_parse("<!DOCTYPE html><html><head><title>x</title></head><body></p></body></html>")


def write_event(root: Path, slug: str, category: dict, records: dict[str, dict]) -> Path:
    folder = root / slug
    (folder / "videos").mkdir(parents=True)
    (folder / "category.json").write_text(canonical_json(category), encoding="utf-8")
    for name, record in records.items():
        (folder / "videos" / name).write_text(canonical_json(record), encoding="utf-8")
    return folder


def corpus_record(title: str, speakers: list[str], vid: str, recorded: str) -> dict:
    return {
        "title": title,
        "speakers": speakers,
        "recorded": recorded,
        "language": "eng",
        "description": "",
        "thumbnail_url": f"https://i.ytimg.com/vi/{vid}/hqdefault.jpg",
        "videos": [{"type": "youtube", "url": f"https://www.youtube.com/watch?v={vid}"}],
    }


def hand_made_tree(tmp_path: Path) -> Path:
    write_event(
        tmp_path,
        "pycon-uk-2016",
        {"title": "PyCon UK 2016"},
        {
            "a.json": corpus_record(
                "Game theory", ["Nikoleta Glynatsi"], "CCCCCCCCCCC", "2016-09-16"
            )
        },
    )
    return write_event(
        tmp_path,
        "pycon-uk-2017",
        {"title": "PyCon UK 2017", "start_date": "2017-10-26", "end_date": "2017-10-30"},
        {
            "ok.json": corpus_record(
                "Game theory", ["Nikoleta Glynatsi"], "DDDDDDDDDDD", "2017-10-27"
            ),
            "typo.json": corpus_record(
                "PyCon UK 2017 - Sprinkling NumPy",
                ["Nikoleta E. Glynatsi"],
                "EEEEEEEEEEE",
                "2017-10-28",
            ),
            "bad.json": {
                **corpus_record("Broken", [], "FFFFFFFFFFF", "2017-10-28"),
                "language": "xx",
            },
            "broken.json": "not json",
        },
    )


def test_folder_rows_of_a_hand_made_event(tmp_path):
    folder = hand_made_tree(tmp_path)
    (folder / "videos" / "broken.json").write_text("{not json", encoding="utf-8")
    category, rows, names = folder_rows(folder, tree=tmp_path)
    assert category["title"] == "PyCon UK 2017"
    assert names is not None and "Nikoleta E. Glynatsi" not in names  # this event's are left out
    rows_by = {r.file: r for r in rows}
    assert set(rows_by) == {
        "videos/ok.json",
        "videos/typo.json",
        "videos/bad.json",
        "videos/broken.json",
    }
    assert rows_by["videos/ok.json"].flags == []
    typo = rows_by["videos/typo.json"]
    assert typo.codes == ["title-event", "new-speaker"]
    assert typo.flags[1].text == "Nikoleta E. Glynatsi; nearest: Nikoleta Glynatsi"
    assert rows_by["videos/bad.json"].codes == ["problem"]
    assert "[language]" in rows_by["videos/bad.json"].flags[0].text
    assert rows_by["videos/broken.json"].codes == ["problem"]
    page = folder_page(folder, rows, category, names)
    strict_parse(page)
    assert "no match evidence" in page


def test_review_command_writes_the_page(tmp_path):
    folder = hand_made_tree(tmp_path)
    cmd = Command()
    cmd.settings = Settings({"PYVIDEO_REPORT_DIR": str(tmp_path / "reports")})
    cmd.run([str(folder)], argparse.Namespace(output=None))
    page = (tmp_path / "reports" / "pycon-uk-2017.html").read_text(encoding="utf-8")
    assert page.count('class="record') == 4
    cmd.run([str(tmp_path / "nowhere")], argparse.Namespace(output=None))
    assert cmd.exitcode == 2


def test_pipeline_writes_the_page_after_the_event_is_scraped(tmp_path):
    crawler = get_crawler(
        settings_dict={
            "PYVIDEO_DATA_DIR": str(tmp_path / "data"),
            "PYVIDEO_REPORT_DIR": str(tmp_path / "reports"),
        }
    )
    crawler.stats.set_value("pyvideo/records/written", 4)
    pipeline = ReviewPipeline.from_crawler(crawler)
    event = uk_event()
    pipeline.process_item(event)
    page_path = tmp_path / "reports" / "pycon-uk-2017.html"
    assert not page_path.exists()  # written once every pipeline ran
    pipeline.item_scraped(event)
    page = page_path.read_text(encoding="utf-8")
    assert "Crawl summary for pycon-uk-2017 (PyCon UK 2017):" in page
    assert "records written:    4" in page
    assert page.count('class="record') == 5
    assert "Not written" in page and "&#x27;Lunch&#x27;" in page  # the meal, not the lone talk
    assert page.count("detecting-gravitational-waves") == 1


def test_existing_record_in_the_tree_is_flagged_by_the_pipeline(tmp_path):
    event = uk_event()
    data = dict(event.records[0].data, title="Shaping the World")
    write_event(tmp_path / "data", "pycon-uk-2017", {"title": "PyCon UK 2017"}, {"s.json": data})
    crawler = get_crawler(settings_dict={"PYVIDEO_DATA_DIR": str(tmp_path / "data")})
    pipeline = ReviewPipeline.from_crawler(crawler)
    pipeline.process_item(event)
    _, rows, _ = pipeline.pending[id(event)]
    keynote = by_key(rows)["youtube:F8mi1LxtOAc"]
    assert keynote.title == "Shaping the World"
    assert [f.text for f in keynote.flags if f.code == "gap-filled"] == [
        "nothing filled; kept its own: title"
    ]
    assert keynote.file == "videos/s.json"


def test_page_is_deterministic():
    a = event_page(uk_event(), event_rows(uk_event(), names=TREE_NAMES), "s", TREE_NAMES)
    b = event_page(uk_event(), event_rows(uk_event(), names=TREE_NAMES), "s", TREE_NAMES)
    assert a == b
    assert json.dumps(a)  # one string, no object identity in it


def test_render_page_without_rows_is_valid():
    strict_parse(render_page("x", "X", []))


def test_the_crawls_rows_reach_the_pull_request_body_with_every_flag(tmp_path: Path) -> None:
    """publish reads the rows the review pipeline saved: flags that need the tree as it was
    before the crawl (gap-filled, description fallback) survive, and the file is filled in."""
    from scrapers.review import Flag, Row, rows_from_json, rows_to_json
    from scrapers.tooling.publish import crawl_rows

    url = "https://www.youtube.com/watch?v=abcdefghijk"
    rows = [
        Row(
            key="youtube:abcdefghijk",
            title="A talk",
            video_url=url,
            flags=[Flag("gap-filled", "filled: description"), Flag("description-fallback", "x")],
        )
    ]
    assert rows_from_json(json.loads(json.dumps(rows_to_json(rows)))) == rows
    folder = tmp_path / "data" / "conf-2024"
    (folder / "videos").mkdir(parents=True)
    (folder / "category.json").write_text('{"title": "Conf 2024"}', encoding="utf-8")
    record = {"title": "A talk", "videos": [{"type": "youtube", "url": url}]}
    (folder / "videos" / "a-talk.json").write_text(json.dumps(record), encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "conf-2024.review.json").write_text(json.dumps(rows_to_json(rows)), "utf-8")
    (got,) = crawl_rows(reports, folder)
    assert got.codes == ["gap-filled", "description-fallback"]
    assert got.file == "videos/a-talk.json"
    assert crawl_rows(tmp_path / "none", folder) == []
