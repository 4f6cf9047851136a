"""``scrapy check-videos`` against local stand-ins of YouTube, PeerTube, a file host and Wayback.

Each case states what one host answer must become in the state and the report: private,
deleted (missing from ``videos.list``), region-blocked, not embeddable, live; a 5xx then success;
the quota exhausted mid-run and resumed; an archived copy found and added by ``--fix``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from scrapers.domain.record import canonical_json
from scrapers.tooling import videowatch
from scrapers.tooling.videowatch import CheckError, Options, run_check
from tests.videohosts import StandIn, item

PROJECT = Path(__file__).resolve().parents[2]
KEY = "test-key-never-written"
NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
EVENT = "pycon-test-2020"


def record(title: str, speakers: list[str], *videos: tuple[str, str]) -> dict[str, Any]:
    return {
        "category": "PyCon Test 2020",
        "description": "",
        "duration": 1800,
        "language": "eng",
        "recorded": "2020-05-01",
        "speakers": speakers,
        "thumbnail_url": "https://i.ytimg.com/vi/x/hqdefault.jpg",
        "title": title,
        "videos": [{"type": kind, "url": url} for kind, url in videos],
    }


def yt(vid: str) -> tuple[str, str]:
    return ("youtube", f"https://www.youtube.com/watch?v={vid}")


@pytest.fixture
def hosts() -> Any:
    with StandIn() as stand_in:
        stand_in.youtube = {
            "LIVEvideo01": item("LIVEvideo01"),
            "PRIVvideo01": item("PRIVvideo01", privacyStatus="private"),
            "BLOCvideo01": item("BLOCvideo01", blocked=["DE", "FR", "GB"]),
            "NOEMvideo01": item("NOEMvideo01", embeddable=False),
            "REJEvideo01": item("REJEvideo01", uploadStatus="rejected"),
        }
        stand_in.peertube = {"1a2b3c4d-0000-4000-8000-000000000001": 1}
        stand_in.media = {"talk.mp4": 200}
        yield stand_in


def make_tree(root: Path, base: str) -> Path:
    videos = root / "tree" / EVENT / "videos"
    videos.mkdir(parents=True)
    records = {
        "live": record("Live talk", ["Ann A"], yt("LIVEvideo01")),
        "private": record("Private talk", ["Bob B"], yt("PRIVvideo01")),
        "blocked": record("Blocked talk", ["Cy C"], yt("BLOCvideo01")),
        "no-embed": record("No embed talk", ["Di D"], yt("NOEMvideo01")),
        "rejected": record("Rejected talk", ["Ed E"], yt("REJEvideo01")),
        # deleted from YouTube, but the same talk (title + speakers) has an mp4 elsewhere
        "deleted": record("Deleted talk", ["Fay F", "Gus G"], yt("DELEvideo01")),
        "deleted-mp4": record("Deleted  TALK", ["Gus G", "Fay F"], ("mp4", f"{base}/old/talk.mp4")),
        # deleted with nothing else: no working video left, an archived copy exists
        "lonely": record("Lonely talk", ["Hal H"], yt("GONEvideo02")),
        "peertube": record(
            "Fediverse talk",
            ["Ivy I"],
            ("peertube", f"{base}/videos/watch/1a2b3c4d-0000-4000-8000-000000000001"),
        ),
    }
    for name, data in records.items():
        (videos / f"{name}.json").write_text(canonical_json(data), encoding="utf-8")
    return root / "tree"


def options(tmp_path: Path, base: str, **extra: Any) -> Options:
    values: dict[str, Any] = {
        "root": tmp_path / "tree",
        "state": tmp_path / "tree.check-videos.json",
        "api_key": KEY,
        "api_url": f"{base}/youtube/v3",
        "oembed_url": f"{base}/oembed",
        "wayback_url": base,
        "delay": 0.0,
        "backoff": 0.0,
        "retries": 2,
        "timeout": 5.0,
    }
    values.update(extra)
    return Options(**values)


def states(tmp_path: Path) -> dict[str, dict[str, Any]]:
    return json.loads((tmp_path / "tree.check-videos.json").read_text())["videos"]


def by_record(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {v["record"].split("/")[-1]: v for v in report["events"][EVENT]["videos"]}


def test_each_answer_becomes_its_state_and_one_batch_covers_every_id(
    tmp_path: Path, hosts: StandIn
) -> None:
    make_tree(tmp_path, hosts.base)
    report = run_check(options(tmp_path, hosts.base), NOW)
    found = states(tmp_path)
    assert found["youtube:LIVEvideo01"]["state"] == "ok"
    assert found["youtube:PRIVvideo01"]["state"] == "private"
    assert found["youtube:BLOCvideo01"]["state"] == "blocked"
    assert found["youtube:BLOCvideo01"]["regions"] == 3
    assert found["youtube:NOEMvideo01"]["state"] == "not embeddable"
    # missing from the answer, or rejected: missing once is not yet gone
    assert found["youtube:DELEvideo01"]["state"] == "unconfirmed"
    assert found["youtube:REJEvideo01"]["state"] == "unconfirmed"
    assert found[f"url:{hosts.base}/old/talk.mp4"]["state"] == "ok"  # HEAD followed the redirect
    peertube = f"peertube:{hosts.base}/videos/watch/1a2b3c4d-0000-4000-8000-000000000001"
    assert found[peertube]["state"] == "ok"
    assert found["youtube:PRIVvideo01"]["since"] == "2026-12-04T12:00:00Z"
    videos = by_record(report)
    assert videos["blocked.json"]["label"] == "blocked in 3 regions"
    assert "live.json" not in videos
    # 7 YouTube ids: one videos.list call, for status and contentDetails only
    (call,) = hosts.requests("/youtube/v3/videos")
    assert "part=status%2CcontentDetails" in call[1]
    assert report["quota"]["units_this_run"] == 1
    assert report["requests"]["127.0.0.1"] == len(hosts.log)
    assert [m for m, p, _ in hosts.log if p.startswith(("/old/", "/media/"))] == ["HEAD", "HEAD"]
    assert report["summary"]["unconfirmed"] == 3


def test_gone_only_after_two_answers_and_a_same_day_run_asks_nothing(
    tmp_path: Path, hosts: StandIn
) -> None:
    make_tree(tmp_path, hosts.base)
    run_check(options(tmp_path, hosts.base), NOW)
    asked = len(hosts.log)
    again = run_check(options(tmp_path, hosts.base), NOW + dt.timedelta(hours=3))
    assert len(hosts.log) == asked
    assert again["asked"] == 0 and again["requests"] == {}
    # the next day only the unsure videos are due; the deleted ones are now gone
    next_day = run_check(options(tmp_path, hosts.base), NOW + dt.timedelta(days=1))
    assert next_day["asked"] == 3
    found = states(tmp_path)
    assert found["youtube:DELEvideo01"]["state"] == "gone"
    assert found["youtube:DELEvideo01"]["since"] == "2026-12-05T12:00:00Z"
    assert found["youtube:DELEvideo01"]["first_seen"] == "2026-12-04T12:00:00Z"
    assert [h["answer"] for h in found["youtube:DELEvideo01"]["history"]] == ["missing"] * 2
    # a week later everything is due again, oldest answer first
    week = run_check(options(tmp_path, hosts.base, limit=2), NOW + dt.timedelta(days=7))
    assert week["due"] == 2 and week["left_for_next_run"] == 0


def test_gone_video_with_an_other_copy_and_a_lonely_one_flagged_first(
    tmp_path: Path, hosts: StandIn
) -> None:
    make_tree(tmp_path, hosts.base)
    hosts.wayback = {
        "https://www.youtube.com/watch?v=GONEvideo02": (
            "http://web.archive.org/web/20200101000000/https://www.youtube.com/watch?v=GONEvideo02"
        )
    }
    run_check(options(tmp_path, hosts.base), NOW)
    assert hosts.requests("/wayback") == []  # unconfirmed: no archive lookup yet
    report = run_check(options(tmp_path, hosts.base), NOW + dt.timedelta(days=1))
    assert len(hosts.requests("/wayback")) == 3  # the three gone videos
    flagged = [item["record"] for item in report["no_working_video"]]
    # nothing to watch anywhere first; the deleted talk has an mp4 in another record
    assert flagged == [
        f"{EVENT}/videos/{name}.json" for name in ("lonely", "private", "rejected", "deleted")
    ]
    assert report["no_working_video"][3]["other_copies"] == [f"{hosts.base}/old/talk.mp4"]
    assert report["no_working_video"][0]["archive"] == (
        "https://web.archive.org/web/20200101000000/https://www.youtube.com/watch?v=GONEvideo02"
    )
    deleted = by_record(report)["deleted.json"]
    assert deleted["state"] == "gone" and deleted["archive"] == ""
    assert deleted["other_copies"] == [
        {
            "record": f"{EVENT}/videos/deleted-mp4.json",
            "url": f"{hosts.base}/old/talk.mp4",
            "state": "ok",
        }
    ]
    text = videowatch.render_text(report)
    assert text.index("Records with no working video") < text.index("## Summary")
    assert "| gone | 3 |" in text


def test_fix_adds_the_archived_copy_and_never_removes(tmp_path: Path, hosts: StandIn) -> None:
    tree = make_tree(tmp_path, hosts.base)
    snapshot = (
        "https://web.archive.org/web/20200101000000/https://www.youtube.com/watch?v=GONEvideo02"
    )
    hosts.wayback = {"https://www.youtube.com/watch?v=GONEvideo02": snapshot}
    lonely = tree / EVENT / "videos" / "lonely.json"
    before = json.loads(lonely.read_text())
    run_check(options(tmp_path, hosts.base, fix=True), NOW)
    assert json.loads(lonely.read_text()) == before  # not gone yet: nothing to fix
    report = run_check(options(tmp_path, hosts.base, fix=True), NOW + dt.timedelta(days=1))
    assert report["fixed"] == [{"record": f"{EVENT}/videos/lonely.json", "added": snapshot}]
    after = json.loads(lonely.read_text())
    assert after["videos"] == [
        {"type": "youtube", "url": "https://www.youtube.com/watch?v=GONEvideo02"},
        {"type": "archive.org", "url": snapshot},
    ]
    assert "gone since 2026-12-05" in after["quality_notes"]
    assert {k: v for k, v in after.items() if k not in ("videos", "quality_notes")} == {
        k: v for k, v in before.items() if k != "videos"
    }
    assert lonely.read_text() == canonical_json(after)
    # a second --fix adds nothing more (the new archive.org entry is a new video: not asked here)
    later = NOW + dt.timedelta(days=1)
    again = run_check(options(tmp_path, hosts.base, fix=True, only=("youtube",)), later)
    assert again["due"] == 0
    assert again["fixed"] == [] and json.loads(lonely.read_text()) == after


def test_a_5xx_is_retried_and_then_answers(tmp_path: Path, hosts: StandIn) -> None:
    make_tree(tmp_path, hosts.base)
    hosts.fail_next = 1
    report = run_check(options(tmp_path, hosts.base), NOW)
    assert len(hosts.requests("/youtube/v3/videos")) == 2  # ceil(7 / 50) + 1
    assert states(tmp_path)["youtube:LIVEvideo01"]["state"] == "ok"
    assert report["quota"]["units_this_run"] == 1


def test_a_host_that_keeps_failing_is_unreachable_not_gone(tmp_path: Path, hosts: StandIn) -> None:
    make_tree(tmp_path, hosts.base)
    run_check(options(tmp_path, hosts.base), NOW)
    hosts.fail_next = 99
    run_check(options(tmp_path, hosts.base), NOW + dt.timedelta(days=1))
    found = states(tmp_path)
    assert found["youtube:DELEvideo01"]["state"] == "unreachable"
    assert found["youtube:DELEvideo01"]["missing_streak"] == 1
    assert len(hosts.requests("/youtube/v3/videos")) == 1 + 3  # 2 retries
    hosts.fail_next = 0
    run_check(options(tmp_path, hosts.base), NOW + dt.timedelta(days=2))
    assert states(tmp_path)["youtube:DELEvideo01"]["state"] == "gone"


def quota_tree(tmp_path: Path, n: int) -> list[str]:
    videos = tmp_path / "tree" / EVENT / "videos"
    videos.mkdir(parents=True)
    ids = [f"id{i:09d}" for i in range(n)]
    for vid in ids:
        (videos / f"{vid}.json").write_text(canonical_json(record(vid, ["X"], yt(vid))))
    return ids


def asked_ids(hosts: StandIn) -> list[str]:
    ids = []
    for _, path, _ in hosts.requests("/youtube/v3/videos"):
        query = dict(p.split("=", 1) for p in path.split("?", 1)[1].split("&"))
        ids += query["id"].split("%2C")
    return ids


def test_quota_exhausted_mid_run_stops_and_the_next_run_resumes(
    tmp_path: Path, hosts: StandIn
) -> None:
    ids = quota_tree(tmp_path, 120)
    hosts.all_live = True
    hosts.quota_after = 1
    first = run_check(options(tmp_path, hosts.base), NOW)
    assert "quotaExceeded" in first["stopped"]
    assert first["asked"] == 50 and first["left_for_next_run"] == 70
    assert len(hosts.requests("/youtube/v3/videos")) == 2  # no retry of a quota answer
    assert len(states(tmp_path)) == 50
    first_ids = asked_ids(hosts)[:50]
    hosts.quota_after = None
    hosts.log.clear()
    second = run_check(options(tmp_path, hosts.base), NOW + dt.timedelta(hours=12))
    assert second["asked"] == 70 and not second["stopped"]
    assert sorted(first_ids + asked_ids(hosts)) == ids  # only what was left, each id once
    assert len(hosts.requests("/youtube/v3/videos")) == 2


def test_the_runs_own_budget_counts_units_per_day(tmp_path: Path, hosts: StandIn) -> None:
    quota_tree(tmp_path, 120)
    hosts.all_live = True
    first = run_check(options(tmp_path, hosts.base, quota=2), NOW)
    assert first["asked"] == 100 and "budget of 2" in first["stopped"]
    same_day = run_check(options(tmp_path, hosts.base, quota=2), NOW + dt.timedelta(hours=1))
    assert same_day["asked"] == 0 and same_day["quota"]["units_today"] == 2
    # 12:00 UTC + 21 h is past Pacific midnight: a new API day
    next_day = run_check(options(tmp_path, hosts.base, quota=2), NOW + dt.timedelta(hours=21))
    assert next_day["asked"] == 20 and next_day["quota"]["units_today"] == 1


def test_without_a_key_oembed_is_asked_per_video_and_the_report_says_so(
    tmp_path: Path, hosts: StandIn
) -> None:
    make_tree(tmp_path, hosts.base)
    report = run_check(options(tmp_path, hosts.base, api_key=""), NOW)
    assert hosts.requests("/youtube/v3") == []
    assert len(hosts.requests("/oembed")) == 7
    found = states(tmp_path)
    assert found["youtube:LIVEvideo01"]["state"] == "ok"
    assert found["youtube:PRIVvideo01"]["state"] == "private"
    assert found["youtube:DELEvideo01"]["state"] == "unconfirmed"
    assert report["quota"]["units_this_run"] == 0
    assert "WITHOUT an API key" in videowatch.render_text(report)


def test_the_key_is_sent_in_a_header_and_written_nowhere(
    tmp_path: Path, hosts: StandIn, caplog: pytest.LogCaptureFixture
) -> None:
    make_tree(tmp_path, hosts.base)
    hosts.fail_next = 1  # the retry is logged
    with caplog.at_level(logging.DEBUG):
        report = run_check(options(tmp_path, hosts.base), NOW)
    (_, path, headers), *_ = hosts.requests("/youtube/v3/videos")
    assert headers["X-Goog-Api-Key"] == KEY and KEY not in path
    written = [
        caplog.text,
        json.dumps(report),
        videowatch.render_text(report),
        (tmp_path / "tree.check-videos.json").read_text(),
    ]
    assert caplog.text and not [text for text in written if KEY in text]


def test_the_state_file_stays_out_of_the_tree(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / EVENT / "videos").mkdir(parents=True)
    assert videowatch.state_path_for(tree, None) == tmp_path / "tree.check-videos.json"
    with pytest.raises(CheckError, match="must not be inside"):
        videowatch.state_path_for(tree, str(tree / EVENT / "state.json"))


def test_command_line_json_report(tmp_path: Path, hosts: StandIn) -> None:
    make_tree(tmp_path, hosts.base)
    out = tmp_path / "report.json"
    env = {**os.environ, "YOUTUBE_API_KEY": KEY}
    cmd = [sys.executable, "-m", "scrapy", "check-videos", str(tmp_path / "tree")]
    cmd += ["--format", "json", "--output", str(out), "--delay", "0", "--backoff", "0"]
    for name, value in {
        "YOUTUBE_API_URL": f"{hosts.base}/youtube/v3",
        "WAYBACK_API_URL": hosts.base,
    }.items():
        cmd += ["-s", f"{name}={value}"]
    proc = subprocess.run(cmd, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(out.read_text())
    assert report["summary"] == {
        "private": 1,
        "unconfirmed": 3,
        "blocked": 1,
        "not embeddable": 1,
        "ok": 3,
    }
    assert report["youtube_mode"] == "api" and KEY not in proc.stderr + out.read_text()
    assert (tmp_path / "tree.check-videos.json").exists()


def test_file_hosts_head_then_get_and_no_verdict_from_a_refusal(
    tmp_path: Path, hosts: StandIn
) -> None:
    videos = tmp_path / "tree" / EVENT / "videos"
    videos.mkdir(parents=True)
    hosts.media = {"nohead.mp4": 405, "forbidden.mp4": 403, "there.webm": 200}
    names = ["nohead.mp4", "forbidden.mp4", "there.webm", "deleted.ogv"]
    for name in names:
        data = record(name, ["X"], ("mp4", f"{hosts.base}/media/{name}"))
        (videos / f"{name}.json").write_text(canonical_json(data))
    loop = record("loop", ["X"], ("vimeo", f"{hosts.base}/loop/1"))
    (videos / "loop.json").write_text(canonical_json(loop))
    run_check(options(tmp_path, hosts.base), NOW)
    found = {k.rsplit("/", 1)[-1]: v["state"] for k, v in states(tmp_path).items()}
    assert found == {
        "nohead.mp4": "ok",
        "forbidden.mp4": "unreachable",
        "there.webm": "ok",
        "deleted.ogv": "unconfirmed",
        "1": "unreachable",
    }
    methods = [m for m, p, _ in hosts.log if p == "/media/nohead.mp4"]
    assert methods == ["HEAD", "GET"]
    (get,) = [h for m, p, h in hosts.log if m == "GET" and p == "/media/nohead.mp4"]
    assert get["Range"] == "bytes=0-0"


def test_request_budget_formula() -> None:
    assert videowatch.max_youtube_requests(16314) == math.ceil(16314 / 50) + 1 == 328


WORKFLOW = PROJECT / ".github" / "workflows" / "check-videos.yml"


@pytest.mark.parametrize(
    "tool",
    [["actionlint", "-no-color"], ["zizmor", "--offline", "--persona=auditor", "--no-progress"]],
)
def test_the_weekly_workflow_lints_clean(tool: list[str]) -> None:
    binary = shutil.which(tool[0])
    assert binary, f"{tool[0]} not installed (it is in the test extra)"
    proc = subprocess.run(
        [binary, *tool[1:], str(WORKFLOW)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_weekly_workflow_is_read_only_and_pinned() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    assert flow["permissions"] == {}
    (job,) = flow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    for action in re.findall(r"uses: *(\S+)", text):
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", action), action
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "scrapy check-videos" in runs and "--fix" not in runs
    assert "secrets.YOUTUBE_API_KEY" in text
