"""``scrapy publish`` end to end: a recorded crawl, local bare git repositories standing in for
pyvideo-data and a volunteer's fork, and a local HTTP server standing in for the GitHub API.

Each ``publish`` run replays the pyohio-2025 recording (a few seconds); the failure cases that
can fail before the crawl (token, dirty checkout) do not crawl at all.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import scrapers.tooling.publish as publish_module
from scrapers.review import Flag, Row, folder_rows
from scrapers.tooling.checkdata import Finding, Report
from scrapers.tooling.publish import (
    BODY_LIMIT,
    DEFAULT_API_URL,
    LIST_LIMIT,
    Crawl,
    GitHub,
    Options,
    PublishError,
    _md,
    clean_url,
    pr_body,
    pr_parts,
    redact,
    split_findings,
)
from scrapers.tooling.publish import publish as run_publish

PROJECT = Path(__file__).resolve().parent.parent
RECORDING = PROJECT / "tests" / "recordings" / "pyohio-2025"
# The golden tree of that recording: what the first publish must commit, file for file.
EXPECTED = sorted(
    f"pyohio-2025/{p.relative_to(RECORDING / 'expected/data/pyohio-2025').as_posix()}"
    for p in (RECORDING / "expected/data/pyohio-2025").rglob("*.json")
)
TOKEN = "ghp_test-token-0123456789"
YOUTUBE_KEY = "AIza-test-youtube-key-42"
BRANCH = "pyvideo-scrapers/pyohio-2025"
HEAD = f"volunteer:{BRANCH}"
RENAMED = "Bugs, Lives and Python"  # the retitled talk of the "new data" recording
RUN_ENV = {
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "pyvideo/pyvideo-scrapers",
    "GITHUB_RUN_ID": "4242",
}


# --------------------------------------------------------------------------- fake GitHub API


@dataclass
class FakeGitHub:
    """The pulls and issue-comments endpoints of one repository, recording every request."""

    token: str = TOKEN
    repo: str = "pyvideo/data"
    requests: list[tuple[str, str, dict[str, Any] | None]] = field(default_factory=list)
    pulls: list[dict[str, Any]] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)  # {"id", "issue", "body"}
    fail: dict[str, tuple[int, str]] = field(default_factory=dict)  # method -> status, message
    url: str = ""

    def writes(self) -> list[tuple[str, str, dict[str, Any] | None]]:
        return [r for r in self.requests if r[0] in ("POST", "PATCH", "DELETE")]

    def thread(self, number: int = 1) -> list[str]:
        """The comment bodies of a pull request, oldest first."""
        return [c["body"] for c in self.comments if c["issue"] == number]

    def handle(self, method: str, path: str, auth: str, payload: Any) -> tuple[int, Any]:
        self.requests.append((method, path, payload))
        if auth != f"Bearer {self.token}":
            return 401, {"message": "Bad credentials"}
        if method in self.fail:
            status, message = self.fail[method]
            return status, {"message": message}
        url = urllib.parse.urlsplit(path)
        prefix = f"/repos/{self.repo}"
        if method == "GET" and url.path == prefix:
            return 200, {"full_name": self.repo, "default_branch": "main"}
        if method == "GET" and url.path == f"{prefix}/pulls":
            q = dict(urllib.parse.parse_qsl(url.query))
            found = [
                p
                for p in self.pulls
                if p["state"] == q.get("state", "open")
                and p["head"] == q.get("head")
                and p["base"] == q.get("base")
            ]
            return 200, found
        if method == "POST" and url.path == f"{prefix}/pulls":
            if not all(payload.get(k) for k in ("title", "head", "base", "body")):
                return 422, {"message": "Validation Failed"}
            number = len(self.pulls) + 1
            pull = {
                **payload,
                "number": number,
                "state": "open",
                "html_url": f"https://github.com/{self.repo}/pull/{number}",
            }
            self.pulls.append(pull)
            return 201, pull
        match = re.fullmatch(rf"{prefix}/pulls/(\d+)", url.path)
        if method == "PATCH" and match:
            pull = self.pulls[int(match.group(1)) - 1]
            pull.update(payload)
            return 200, pull
        match = re.fullmatch(rf"{prefix}/issues/(\d+)/comments", url.path)
        if match and method == "GET":
            q = dict(urllib.parse.parse_qsl(url.query))
            page = [c for c in self.comments if c["issue"] == int(match.group(1))]
            return 200, page if q.get("page", "1") == "1" else []
        if match and method == "POST" and int(match.group(1)) <= len(self.pulls):
            if len(payload.get("body", "")) > 65_536:
                return 422, {"message": "Validation Failed: body is too long"}
            comment = {"id": 1000 + len(self.comments), "issue": int(match.group(1)), **payload}
            self.comments.append(comment)
            return 201, comment
        match = re.fullmatch(rf"{prefix}/issues/comments/(\d+)", url.path)
        found = [c for c in self.comments if match and c["id"] == int(match.group(1))]
        if found and method == "PATCH":
            found[0].update(payload)
            return 200, found[0]
        if found and method == "DELETE":
            self.comments.remove(found[0])
            return 204, None
        return 404, {"message": "Not Found"}


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            payload = json.loads(self.rfile.read(length)) if length else None
            status, data = fake.handle(
                self.command, self.path, self.headers.get("Authorization", ""), payload
            )
            body = b"" if data is None else json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PATCH = do_DELETE = _serve

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


# --------------------------------------------------------------------------- local repositories


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    proc = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=True
    )
    return proc.stdout.strip()


@dataclass
class World:
    """Upstream pyvideo-data, the volunteer's fork (both bare) and the checkout publish uses."""

    root: Path
    upstream: Path
    fork: Path
    checkout: Path

    def branch_commit(self, repo: Path | None = None) -> str | None:
        out = git(
            repo or self.fork, "for-each-ref", "--format=%(objectname)", f"refs/heads/{BRANCH}"
        )
        return out or None


def make_world(root: Path, extra: dict[str, str] | None = None) -> World:
    """Upstream main holds NO_PUBLISH.json and another event (plus ``extra`` files)."""
    upstream, fork, seed = root / "upstream.git", root / "fork.git", root / "seed"
    git(root, "init", "--quiet", "--bare", "--initial-branch=main", str(upstream))
    git(root, "clone", "--quiet", str(upstream), str(seed))
    files = {
        "NO_PUBLISH.json": "[]\n",
        "pyohio-2024/category.json": '{\n  "title": "PyOhio 2024"\n}\n',
        **(extra or {}),
    }
    for rel, text in files.items():
        (seed / rel).parent.mkdir(parents=True, exist_ok=True)
        (seed / rel).write_text(text, encoding="utf-8")
    git(seed, "add", ".")
    git(seed, "commit", "--quiet", "-m", "data")
    git(seed, "push", "--quiet", "origin", "HEAD:main")
    git(root, "clone", "--quiet", "--bare", str(upstream), str(fork))
    git(root, "clone", "--quiet", str(upstream), str(root / "checkout"))
    return World(root, upstream, fork, root / "checkout")


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


def recording(root: Path, retitle: bool = False) -> Path:
    """A copy of the pyohio-2025 recording; ``retitle`` changes one talk's title (new data)."""
    folder = root / ("recording-new" if retitle else "recording")
    if not folder.exists():
        shutil.copytree(RECORDING, folder, ignore=shutil.ignore_patterns("expected"))
        if retitle:
            index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
            body = folder / index["entries"][0]["body"]
            talks = json.loads(body.read_text(encoding="utf-8"))
            talk = next(t for t in talks if t["title"] == "A Bug's Life")
            talk["title"], talk["slug"] = RENAMED, "bugs-lives-and-python"
            body.write_text(json.dumps(talks), encoding="utf-8")
    return folder


@dataclass
class Run:
    code: int
    out: str
    err: str
    status: str = ""  # the Outcome status of an in-process run


def publish(
    w: World,
    github: FakeGitHub | None,
    *,
    retitle: bool = False,
    token: str = TOKEN,
    dry_run: bool = False,
    cli: bool = False,
    run_env: dict[str, str] | None = None,
) -> Run:
    """Publish pyohio-2025 from a recording to the fork, in-process or as ``scrapy publish``.

    In-process saves a Scrapy start per run; the crawl is a subprocess either way.
    """
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "YOUTUBE_API_KEY": YOUTUBE_KEY}
    for name in ("GITHUB_TOKEN", *RUN_ENV):  # a CI run of these tests sets them
        env.pop(name, None)
    env.update(run_env or {})
    if token:
        env["GITHUB_TOKEN"] = token
    settings = {"RECORDING_MODE": "replay", "RECORDING_DIR": str(recording(w.root, retitle))}
    if cli:
        cmd = [
            sys.executable, "-m", "scrapy", "publish", "pyohio", "-a", "year=2025",
            *(f"-s{k}={v}" for k, v in settings.items()),
            "--data-repo", str(w.checkout),
            "--repo", "pyvideo/data", "--fork", "volunteer/data",
            "--push-remote", str(w.fork),
            "--artifacts", str(w.root / "artifacts"),
            *(["--api-url", github.url] if github else []),
            *(["--dry-run"] if dry_run else []),
        ]  # fmt: skip
        proc = subprocess.run(
            cmd, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        return Run(proc.returncode, proc.stdout, proc.stderr)
    opts = Options(
        "pyohio",
        w.checkout,
        spargs={"year": "2025"},
        settings=settings,
        repo="pyvideo/data",
        fork="volunteer/data",
        push_remote=str(w.fork),
        api_url=github.url if github else DEFAULT_API_URL,
        artifacts=w.root / "artifacts",
        dry_run=dry_run,
    )
    out = io.StringIO()
    try:
        outcome = run_publish(opts, env, out)
    except PublishError as exc:
        return Run(1, out.getvalue(), str(exc))
    return Run(0, out.getvalue(), "", outcome.status)


def assert_ok(run: Run) -> None:
    assert run.code == 0, run.out + run.err


# --------------------------------------------------------------------------- end to end


def test_publish_opens_updates_then_leaves_the_pull_request_alone(
    world: World, github: FakeGitHub
) -> None:
    main = git(world.upstream, "rev-parse", "main")

    # 1. First crawl: a branch on the fork, one commit with only the event folder, a new PR.
    proc = publish(world, github, cli=True)
    assert_ok(proc)
    first = world.branch_commit()
    assert first and world.branch_commit(world.upstream) is None
    assert git(world.fork, "rev-list", "--count", f"main..{BRANCH}") == "1"
    assert git(world.fork, "rev-parse", f"{BRANCH}~1") == main
    changed = git(world.fork, "diff", "--name-only", "main", BRANCH).splitlines()
    assert sorted(changed) == EXPECTED and "pyohio-2025/category.json" in changed
    videos = len(EXPECTED) - 1
    message = git(world.fork, "log", "-1", "--format=%B", BRANCH)
    assert message.startswith(f"Add pyohio-2025: {videos} new, 0 updated video records")
    assert "scrapy crawl pyohio -a year=2025" in message
    assert [(m, p) for m, p, _ in github.writes()] == [("POST", "/repos/pyvideo/data/pulls")]
    pull = github.pulls[0]
    assert (pull["head"], pull["base"]) == (HEAD, "main")
    assert pull["title"] == "PyOhio 2025 (pyohio-2025): crawled talks and videos"
    body = pull["body"]
    for expected in (
        "`scrapy crawl pyohio -a year=2025`",
        f"changes {len(EXPECTED)} files in `pyohio-2025/` ({len(EXPECTED)} added, 0 modified)",
        "Data checks: passed",
        "```text\nCrawl summary for pyohio-2025 (PyOhio 2025):\n  talks seen:",
        f"  records written:    {videos}\n",
        "  skipped, cancelled:",
        "no match report",
        "### Skipped items (",
        "'CANCELED: VSCode Tooling for Python': cancelled",
        "'Hyperdimensional Computing for Hackers': no recording yet",
        "<https://raw.githubusercontent.com/pyohio/pyohio-static-website/",
    ):
        assert expected in body, expected
    for leak in (str(world.root), str(PROJECT), TOKEN, YOUTUBE_KEY, "RECORDING_DIR"):
        assert leak not in body
    artifacts = world.root / "artifacts"
    assert (artifacts / "pyohio-2025.pr.md").read_text(encoding="utf-8") == body
    log = (artifacts / "pyohio.crawl.log").read_text(encoding="utf-8")
    assert "Crawl summary for pyohio-2025" in log and YOUTUBE_KEY not in log
    assert git(world.checkout, "status", "--porcelain") == ""

    # 2. New data: the same branch is rebuilt from main and the same PR is updated.
    proc = publish(world, github, retitle=True)
    assert_ok(proc)
    assert proc.status == "updated"
    second = world.branch_commit()
    assert second not in (None, first)
    assert git(world.fork, "rev-list", "--count", f"main..{BRANCH}") == "1"
    changed = git(world.fork, "diff", "--name-only", "main", BRANCH).splitlines()
    assert "pyohio-2025/videos/bugs-lives-and-python.json" in changed
    assert "pyohio-2025/videos/a-bugs-life.json" not in changed
    assert all(p.startswith("pyohio-2025/") for p in changed)
    assert [(m, p) for m, p, _ in github.writes()][1:] == [("PATCH", "/repos/pyvideo/data/pulls/1")]
    assert len(github.pulls) == 1 and "Data checks: passed" in github.pulls[0]["body"]

    # 3. Same data again: nothing pushed, the PR not touched.
    writes = len(github.writes())
    proc = publish(world, github, retitle=True)
    assert_ok(proc)
    assert proc.status == "up to date" and "nothing to do" in proc.out
    assert world.branch_commit() == second and len(github.writes()) == writes

    # 4. Once the PR is merged, a crawl that changes nothing commits nothing and opens nothing.
    git(world.fork, "push", "--quiet", str(world.upstream), f"{BRANCH}:main")
    proc = publish(world, github, retitle=True)
    assert_ok(proc)
    assert proc.status == "no change" and "changed nothing" in proc.out
    assert world.branch_commit() == second and len(github.writes()) == writes
    assert git(world.checkout, "status", "--porcelain") == ""


def test_dry_run_prints_the_push_and_body_and_changes_nothing(world: World) -> None:
    before = git(world.checkout, "rev-parse", "HEAD")
    proc = publish(world, None, dry_run=True, token="", cli=True)
    assert_ok(proc)
    assert f"would push branch {BRANCH} (from main" in proc.out
    assert "A\tpyohio-2025/videos/a-bugs-life.json" in proc.out
    assert "title: PyOhio 2025 (pyohio-2025)" in proc.out
    assert "### Skipped items (" in proc.out
    assert world.branch_commit() is None
    assert git(world.checkout, "status", "--porcelain", "--ignored") == ""
    assert git(world.checkout, "symbolic-ref", "--short", "HEAD") == "main"
    assert git(world.checkout, "rev-parse", "HEAD") == before


# --------------------------------------------------------------------------- failures


def test_invalid_token_fails_before_crawling(world: World, github: FakeGitHub) -> None:
    proc = publish(world, github, token="ghp_revoked-token-999", cli=True)
    assert proc.code == 1
    assert "publish failed: the GitHub API refused the token (401 Bad credentials)" in proc.err
    assert "ghp_revoked-token-999" not in proc.out + proc.err
    assert not (world.root / "artifacts" / "pyohio.crawl.log").exists()  # no crawl was run
    assert world.branch_commit() is None and github.writes() == []


def test_missing_token_and_dirty_checkout_are_refused(world: World, github: FakeGitHub) -> None:
    proc = publish(world, github, token="")
    assert proc.code == 1 and "no token: set GITHUB_TOKEN" in proc.err
    (world.checkout / "pyohio-2024" / "notes.txt").write_text("draft\n", encoding="utf-8")
    proc = publish(world, github)
    assert proc.code == 1 and "uncommitted changes" in proc.err
    assert github.requests == []


def test_rejected_push_opens_no_pull_request(world: World, github: FakeGitHub) -> None:
    hook = world.fork / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'protected branch' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before = _state(world)
    proc = publish(world, github)
    assert proc.code == 1
    assert "git push failed" in proc.err and "protected branch" in proc.err
    assert world.branch_commit() is None and github.writes() == []
    # The local commit and branch are undone: the checkout is on main, clean, as it was.
    assert _state(world) == before


def test_api_error_fails_then_a_rerun_opens_the_pull_request(
    world: World, github: FakeGitHub
) -> None:
    github.fail["POST"] = (422, "Validation Failed: head sha can't be blank")
    before = _state(world)
    proc = publish(world, github)
    assert proc.code == 1
    assert "GitHub API POST /repos/pyvideo/data/pulls failed: 422 Validation Failed" in proc.err
    pushed = world.branch_commit()
    assert pushed and github.pulls == []
    assert _state(world) == before  # the push happened; the checkout is still put back
    # The branch is already there: the next run opens the PR without pushing again.
    del github.fail["POST"]
    proc = publish(world, github)
    assert_ok(proc)
    assert proc.status == "opened"
    assert "opened https://github.com/pyvideo/data/pull/1 for the existing branch" in proc.out
    assert world.branch_commit() == pushed and github.pulls[0]["head"] == HEAD


def _state(w: World) -> tuple[str, str, str, str]:
    """What a volunteer sees of the checkout: branch, commit, status (ignored too), branches."""
    return (
        git(w.checkout, "symbolic-ref", "--quiet", "--short", "HEAD"),
        git(w.checkout, "rev-parse", "HEAD"),
        git(w.checkout, "status", "--porcelain", "--ignored"),
        git(w.checkout, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"),
    )


def _expected_record(name: str) -> dict[str, Any]:
    path = RECORDING / "expected/data/pyohio-2025/videos" / name
    return json.loads(path.read_text(encoding="utf-8"))


def _canonical(record: dict[str, Any]) -> str:
    return json.dumps(record, indent=2, separators=(",", ": "), sort_keys=True) + "\n"


def test_failing_data_checks_push_nothing_and_restore_the_checkout(
    tmp_path: Path, github: FakeGitHub
) -> None:
    # A volunteer's record of one of the crawled videos, with a language code the data
    # repository refuses (check 6): the crawl fills in its missing description, so the file is
    # one this crawl changes, and its error blocks the pull request.
    record = _expected_record("a-bugs-life.json")
    del record["description"]
    record["language"] = "english"
    w = make_world(tmp_path, {"pyohio-2025/videos/a-bugs-life.json": _canonical(record)})
    git(w.checkout, "checkout", "--quiet", "-b", "volunteer-work")  # not the base branch
    before = _state(w)
    proc = publish(w, github)
    assert proc.code == 1
    assert "the data checks failed on files this crawl changed, nothing pushed" in proc.err
    assert "pyohio-2025/videos/a-bugs-life.json: language: language: 'english'" in proc.err
    assert w.branch_commit() is None and github.writes() == []
    # Back on the volunteer's branch, at its commit, with nothing written, no branch left over.
    assert _state(w) == before
    kept = w.root / "artifacts" / "pyohio-2025.data" / "pyohio-2025" / "videos" / "a-bugs-life.json"
    assert "description" in json.loads(kept.read_text(encoding="utf-8"))


def test_findings_in_files_the_crawl_did_not_touch_do_not_block(
    tmp_path: Path, github: FakeGitHub
) -> None:
    # Already in upstream's event folder: a stray file (layout, an error of check 1) and a
    # record of a talk this crawl does not write, with a refused speaker spelling (check 8).
    old = {
        **_expected_record("a-bugs-life.json"),
        "title": "An Older Talk",
        "speakers": ["Ian Ozswald"],
        "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=aaaaaaaaaaa"}],
        "thumbnail_url": "https://i.ytimg.com/vi/aaaaaaaaaaa/hqdefault.jpg",
    }
    w = make_world(
        tmp_path,
        {
            "pyohio-2025/notes.txt": "not data\n",
            "pyohio-2025/videos/an-older-talk.json": _canonical(old),
        },
    )
    proc = publish(w, github)
    assert_ok(proc)
    assert proc.status == "opened"
    changed = git(w.fork, "diff", "--name-only", "main", BRANCH).splitlines()
    assert "pyohio-2025/notes.txt" not in changed
    assert "pyohio-2025/videos/an-older-talk.json" not in changed
    body = github.pulls[0]["body"]
    assert "Data checks: passed: no error" in body
    assert "2 findings already in the tree are listed below" in body
    section = body.split("### Already in the tree (2)", 1)[1].split("###", 1)[0]
    assert "`pyohio-2025/notes.txt`: layout (error): unexpected file" in section
    assert "`pyohio-2025/videos/an-older-talk.json`: speaker-alias (error):" in section


# --------------------------------------------------------------------------- body and helpers


def _crawl(report: dict[str, Any] | None, skipped: int = 0, urls: list[str] = ()) -> Crawl:
    events = [
        {
            "slug": "pycon-au-2020",
            "title": "PyCon AU 2020",
            "source_urls": list(urls),
            "skipped": [
                {"what": f"talk T{i} 'Talk {i}'", "reason": "no recording yet", "detail": ""}
                for i in range(skipped)
            ],
        }
    ]
    summary = "Crawl summary for pycon-au-2020 (PyCon AU 2020):\n  talks seen:         93"
    return Crawl("pycon-au-2020", "PyCon AU 2020", summary, events, report)


def _checks() -> Report:
    return Report(root="", findings=[], fixed=[], files=76, seconds=0.1)


def test_body_carries_the_match_report_counts_lists_and_sources() -> None:
    report = {
        "counts": {
            "playlist_items": 4,
            "matched": 2,
            "unmatched_videos": 1,
            "skipped_videos": 1,
            "talks": 3,
            "unmatched_talks": 1,
        },
        "playlists": ["PLs9nthet1cPyC0nAU2020xxxxxxxxxxxx"],
        "unmatched_talks": [
            {"talk_id": "3ZMQ89", "title": "Student Showcase", "reason": "weak: best 0.39"}
        ],
        "unmatched_recordings": [
            {"video_id": "abc123", "title": "Lightning talks @everyone", "reason": "weak: 0.3"}
        ],
        "skipped": [{"video": "zzz999", "title": "Private", "status": "private"}],
    }
    opts = Options("pycon-au", Path("/nowhere"), spargs={"year": "2020"})
    crawl = _crawl(report, urls=["https://2020.pycon.org.au/schedule.json?token=s3cret"])
    body = pr_body(opts, crawl, _checks(), ["A\tpycon-au-2020/category.json"])
    assert "| 4 | 2 | 1 | 1 | 3 | 1 |" in body
    assert "Talks without a video (1):\n\n- Student Showcase (weak: best 0.39)" in body
    assert "- `abc123` Lightning talks @\u200beveryone (weak: 0.3)" in body
    assert "- `zzz999` Private: private" in body
    assert "<https://2020.pycon.org.au/schedule.json>" in body and "s3cret" not in body
    assert "<https://www.youtube.com/playlist?list=PLs9nthet1cPyC0nAU2020xxxxxxxxxxxx>" in body


def test_body_judges_changed_files_and_lists_the_rest_as_already_in_the_tree() -> None:
    findings = [
        Finding("pycon-au-2020/notes.txt", "layout", "unexpected file at the top of an event"),
        Finding("pycon-au-2020/videos/new.json", "title-event", "title contains the event name"),
        Finding("pycon-au-2020/videos/old.json", "speaker-alias", "'X' is refused: use 'Y'"),
        Finding("pycon-au-2020/videos/renamed.json", "whitespace", "title: whitespace"),
    ]
    checks = Report(root="", findings=findings, fixed=[], files=4, seconds=0.1)
    changes = [
        "A\tpycon-au-2020/videos/new.json",
        "R087\tpycon-au-2020/videos/before.json\tpycon-au-2020/videos/renamed.json",
    ]
    mine, theirs = split_findings(findings, changes)
    assert [f.rule for f in mine] == ["title-event", "whitespace"]
    assert [f.rule for f in theirs] == ["layout", "speaker-alias"]
    body = pr_body(Options("pycon-au", Path("/nowhere")), _crawl(None), checks, changes)
    assert "Data checks: passed: no error" in body
    assert "1 warnings and 1 style findings there" in body
    mine_md, theirs_md = body.split("### Already in the tree (2)")
    assert "`pycon-au-2020/videos/new.json`: title-event (warning):" in mine_md
    assert "`pycon-au-2020/videos/old.json`: speaker-alias (error): 'X' is refused" in theirs_md
    assert "`pycon-au-2020/notes.txt`: layout (error)" in theirs_md


def test_body_lists_are_capped_and_the_body_fits_github() -> None:
    opts = Options("pycon-au", Path("/nowhere"))
    body = pr_body(opts, _crawl(None, skipped=LIST_LIMIT + 7), _checks(), [])
    assert f"### Skipped items ({LIST_LIMIT + 7})" in body
    assert "- … and 7 more (see the crawl artifacts)" in body
    assert body.count("no recording yet") == LIST_LIMIT
    huge = _crawl(None)
    huge.summary = "x" * (BODY_LIMIT * 2)
    assert len(pr_body(opts, huge, _checks(), [])) < 65_536


def test_clean_url_and_redact_remove_credentials_and_paths() -> None:
    assert clean_url("https://u:pw@api.example.org:8443/v3/items?key=K&part=snippet") == (
        "https://api.example.org:8443/v3/items?part=snippet"
    )
    assert clean_url("file:///home/me/schedule.xml") == "file:<local>"
    text = redact("key AIzaSECRET in /tmp/x/data and /tmp/x", ["AIzaSECRET"], [Path("/tmp/x")])
    assert text == "key *** in <local>/data and <local>"


def test_github_client_reports_status_and_message(github: FakeGitHub) -> None:
    assert GitHub(github.url, TOKEN).request("GET", "/repos/pyvideo/data")["default_branch"]
    with pytest.raises(PublishError, match=r"refused the token \(401 Bad credentials\)"):
        GitHub(github.url, "wrong").request("GET", "/repos/pyvideo/data")
    github.fail["GET"] = (503, "Service Unavailable")
    with pytest.raises(PublishError, match=r"GET /repos/pyvideo/data failed: 503 Service"):
        GitHub(github.url, TOKEN).request("GET", "/repos/pyvideo/data")


# --------------------------------------------------------------------------- the review in the body

UK = PROJECT / "tests" / "recordings" / "pycon-uk-2017"


def _page_flags(html: str) -> list[tuple[str, ...]]:
    """The flag codes of each flagged row of a review page, in the page's order."""
    rows = re.findall(r'<tr id="r\d+" class="record flagged"[^>]*>(.*?)</tr>', html, re.S)
    return [tuple(re.findall(r"<li><code>([a-z-]+)</code>", row)) for row in rows]


def _table_rows(parts: list[str]) -> list[str]:
    """The rows of the review tables (under their header, inside their <details>)."""
    rows, inside = [], False
    for line in "\n".join(parts).splitlines():
        if line.startswith("| Video |"):
            inside = True
        elif line == "</details>":
            inside = False
        elif inside and line.startswith("| "):
            rows.append(line)
    return rows


def test_body_carries_the_review_pages_flags_with_thumbnails_collapsed(tmp_path: Path) -> None:
    # PyCon UK 2017 (a schedule and a playlist): low-margin matches, lone videos and talks.
    w = make_world(tmp_path)
    shutil.copytree(UK, tmp_path / "uk", ignore=shutil.ignore_patterns("expected"))
    env = {**os.environ, "PYTHONPATH": str(PROJECT), **RUN_ENV}
    opts = Options(
        "pycon-uk",
        w.checkout,
        spargs={"year": "2017"},
        settings={
            "RECORDING_MODE": "replay",
            "RECORDING_DIR": str(tmp_path / "uk"),
            "YOUTUBE_API_KEY": "replay-key",
        },
        artifacts=w.root / "artifacts",
        dry_run=True,
    )
    outcome = run_publish(opts, env, io.StringIO())
    parts = [outcome.body, *outcome.comments]
    html = (w.root / "artifacts" / "pycon-uk-2017.html").read_text(encoding="utf-8")
    page = _page_flags(html)
    assert ("low-margin",) in page and ("unmatched-video",) in page
    assert ("unmatched-talk",) in page
    # The same flagged rows as the page, in its order: one table row per flagged record.
    rows = _table_rows(parts)
    flagged = [tuple(re.findall(r"`([a-z-]+)` ", r.rsplit(" | ", 1)[1])) for r in rows]
    assert [f for f in flagged if f] == page
    assert len(rows) == html.count('<tr id="r')  # then the rows without a flag
    for text in re.findall(r"<li><code>[a-z-]+</code> ([^<]*)</li>", html):
        assert _md(unescape(text)) in "\n".join(parts)
    body = outcome.body
    assert "### Review (145 rows, 45 flagged)" in body
    assert "- `low-margin` 2: matched on title similarity close to the threshold" in body
    # The thumbnail links to the video; the file and the flag's detail are in the row.
    (row,) = [r for r in rows if "1J01clzFijU" in r]
    assert row.startswith(
        '| <a href="https://www.youtube.com/watch?v=1J01clzFijU">'
        '<img src="https://i.ytimg.com/vi/1J01clzFijU/hqdefault.jpg" width="120" alt=""></a> | '
        "**Thursday Introduction**<br>`videos/"
    )
    assert row.endswith("| `low-margin` score 0.73, threshold 0.60 |")
    # Collapsed: one <details> per first flag, then the rows without one.
    summaries = re.findall(r"<details><summary>(.*?)</summary>", "\n".join(parts))
    assert summaries[:3] == [
        "<code>low-margin</code>: 2 (matched on title similarity close to the threshold)",
        "<code>unmatched-video</code>: 2 (a video matched no talk: written from its own metadata)",
        "<code>unmatched-talk</code>: 41 (a talk of the schedule got no video (nothing written: "
        "is one missing?))",
    ]
    assert summaries[3].startswith("No flag: 100")
    for part in parts:
        assert part.count("<details>") == part.count("</details>")
    # Where the page is: this run's artifacts.
    assert (
        "is `pycon-uk-2017.html` in this run's artifacts: "
        "<https://github.com/pyvideo/pyvideo-scrapers/actions/runs/4242>." in body
    )


def test_new_speakers_are_flagged_against_the_rest_of_the_data_tree(
    tmp_path: Path, github: FakeGitHub
) -> None:
    # The tree knows one PyOhio 2025 speaker from another event: the others are new to it.
    known = {
        **_expected_record("a-bugs-life.json"),
        "speakers": ["Tathagata Dasgupta"],
        "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=aaaaaaaaaaa"}],
    }
    w = make_world(tmp_path, {"pyohio-2024/videos/a-talk.json": _canonical(known)})
    assert_ok(publish(w, github))
    body = github.pulls[0]["body"]
    rows = _table_rows([body])
    (row,) = [r for r in rows if "D7FM7Js0GHg" in r]
    assert "new-speaker" not in row  # Tathagata Dasgupta is known
    (row,) = [r for r in rows if "B700zoxyVHY" in r]
    assert row.endswith("| `new-speaker` Curtis Oneal; no similar name |")
    assert '<img src="https://i.ytimg.com/vi/B700zoxyVHY/hqdefault.jpg" width="120"' in row
    assert "<details><summary><code>new-speaker</code>: " in body
    assert "The review page" in body and "in the artifacts" in body
    assert (w.root / "artifacts" / "pyohio-2025.html").is_file()


def _many_rows(copies: int) -> list[Row]:
    """The rows of a real golden tree (PyCon US 2024), ``copies`` times with distinct titles."""
    data = PROJECT / "tests/recordings/pycon-us-2024/expected/data"
    _, rows, _ = folder_rows(data / "pycon-us-2024", tree=data)
    out = []
    for n in range(copies):
        for row in rows:
            copy = Row(**{**row.__dict__, "flags": list(row.flags)})
            copy.title = f"{row.title} #{n}"
            if n % 2:
                copy.flags = [Flag("new-speaker", f"{s}; no similar name") for s in row.speakers]
            out.append(copy)
    return out


def test_an_oversized_body_is_split_into_comments_and_nothing_is_lost() -> None:
    opts = Options("pycon-us", Path("/nowhere"), spargs={"year": "2024"})
    crawl = _crawl(None, skipped=3)
    crawl.summary = "Crawl summary\n" + "x" * (BODY_LIMIT * 2)  # one line, longer than a part
    crawl.rows = _many_rows(4)
    parts = pr_parts(opts, crawl, _checks(), ["A\tpycon-au-2020/category.json"])
    assert len(parts) >= 4
    assert all(len(p) <= BODY_LIMIT < 65_536 for p in parts)
    body, comments = parts[0], parts[1:]
    assert body.startswith("Automated crawl of **PyCon AU 2020**")
    assert f"**Continued in {len(comments)} comments below**" in body
    assert body.rstrip().endswith("<!-- pyvideo-scrapers publish: pycon-au-2020 -->")
    for n, comment in enumerate(comments, 1):
        assert comment.startswith(f"<!-- pyvideo-scrapers publish: pycon-au-2020 continued {n} -->")
    text = "\n".join(parts)
    # Nothing lost: the whole summary, every row once, every section after the tables.
    assert "".join(re.findall(r"^x+$", text, re.M)) == "x" * (BODY_LIMIT * 2)
    rows = _table_rows(parts)
    assert len(rows) == len(crawl.rows)
    assert sorted(re.search(r"\*\*(.*?)\*\*", r).group(1) for r in rows) == sorted(
        _md(r.title) for r in crawl.rows
    )
    assert "### Skipped items (3)" in text and "### Sources" not in text
    # Every part is whole Markdown: a table inside its <details> and under its header row.
    for part in parts:
        assert part.count("<details>") == part.count("</details>")
        assert part.count("```") % 2 == 0
        lines = part.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("| ") and not line.startswith("| Video |"):
                header = max(j for j in range(i) if lines[j].startswith("| Video |"))
                assert "</details>" not in lines[header:i]


def test_a_second_publish_edits_its_comments_instead_of_adding_some(
    world: World, github: FakeGitHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish_module, "BODY_LIMIT", 4_000)  # PyOhio 2025 then needs comments
    assert_ok(publish(world, github))
    first = github.thread()
    assert len(first) >= 2 and all(len(c) <= 4_000 for c in first)
    assert len(github.pulls[0]["body"]) <= 4_000
    assert [m for m, p, _ in github.writes() if "/comments" in p] == ["POST"] * len(first)
    # Someone else's comment on the pull request is never touched.
    github.comments.insert(0, {"id": 1, "issue": 1, "body": "Looks good, thanks!"})
    writes = len(github.writes())

    proc = publish(world, github, retitle=True)
    assert_ok(proc)
    assert proc.status == "updated"
    again = [(m, p) for m, p, _ in github.writes()[writes:] if "/comments" in p]
    assert again and all(m in ("PATCH", "DELETE") for m, _ in again)
    thread = github.thread()
    assert thread[0] == "Looks good, thanks!" and len(thread) <= len(first) + 1
    ours = thread[1:]
    text = "\n".join([github.pulls[0]["body"], *ours])
    assert RENAMED in text and "A Bug's Life" not in text.replace("a-bugs-life", "")
    assert all(c.startswith("<!-- pyvideo-scrapers publish: pyohio-2025 continued") for c in ours)
