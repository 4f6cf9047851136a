"""Crawl one event into a pyvideo-data checkout and open (or update) its data pull request.

One branch per event (``<prefix><event-slug>``), rebuilt from the up-to-date base branch on every
run and force-pushed, so a scheduled re-crawl updates the same pull request instead of opening a
new one. Nothing is committed when the crawl changes nothing, nothing is pushed when the branch
already holds the same event folder, and nothing leaves the machine when the data checks fail.
The checks judge only the files the crawl changed: findings in files it did not touch are
already in the tree, listed in the pull request body and never blocking. On any failure the
checkout goes back to the branch and the clean state it was in.

The crawl runs as a subprocess (``python -m scrapy crawl``) so ``-a``/``-s`` options pass through
unchanged (tests replay a recording) and its log can be kept as a CI artifact.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapers.review import (
    FLAGS,
    Row,
    folder_rows,
    rows_from_json,
)
from scrapers.tooling.checkdata import Finding, Report, check_tree
from scrapers.tooling.crawlcmd import PROJECT, crawl_command

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_REPO = "pyvideo/data"
BODY_LIMIT = 60_000  # GitHub refuses pull request bodies (and comments) over 65,536 characters
PART_RESERVE = 400  # room in each part for its continuation note and marker
LIST_LIMIT = 50  # items per list in the body; the full lists are in the artifacts
SUMMARY_RE = re.compile(r"\[scrapers\.summary\] \w+: (Crawl summary for (\S+) .*)$")
# Query parameters that carry credentials in source URLs; their values never reach a body.
SECRET_PARAMS = re.compile(r"(?i)^(key|api_?key|token|access_token|secret|password|sig)$")


class PublishError(Exception):
    """A step failed; the message says which, without local paths or secrets."""


@dataclass
class Options:
    """Everything one publish run needs (the command line, parsed)."""

    spider: str
    data_repo: Path
    spargs: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    repo: str = DEFAULT_REPO  # upstream owner/name the pull request is opened against
    fork: str | None = None  # owner/name the branch is pushed to (None: the upstream itself)
    base: str | None = None  # base branch; None: the base remote's default branch
    base_remote: str = "origin"  # remote name or URL the base branch is fetched from
    push_remote: str = "origin"  # remote name or URL the branch is pushed to
    branch_prefix: str = "pyvideo-scrapers/"
    api_url: str = DEFAULT_API_URL
    token_env: str = "GITHUB_TOKEN"
    artifacts: Path | None = None  # where the crawl log, reports and body are kept
    dry_run: bool = False

    @property
    def head_owner(self) -> str:
        return (self.fork or self.repo).split("/", 1)[0]


@dataclass
class Crawl:
    """What the crawl left for the pull request body."""

    slug: str
    title: str
    summary: str
    events: list[dict[str, Any]]
    match_report: dict[str, Any] | None
    rows: list[Row] | None = None  # the review page's rows (None: not computed)
    review_page: str = ""  # where the review page is, one sentence


@dataclass
class Outcome:
    """The run's result, as the command prints it."""

    status: str  # "dry-run" | "no change" | "up to date" | "opened" | "updated"
    branch: str = ""
    pull_request: str = ""
    body: str = ""
    comments: list[str] = field(default_factory=list)  # what did not fit in the body


# --------------------------------------------------------------------------- secrets and paths


def secret_values(opts: Options, env: Mapping[str, str]) -> list[str]:
    """Values that must never appear in a body, a log artifact or an error message."""
    values = [env.get(opts.token_env, ""), env.get("YOUTUBE_API_KEY", "")]
    values += [v for k, v in opts.settings.items() if re.search(r"KEY|TOKEN|SECRET|PASSWORD", k)]
    return [v for v in values if len(v) >= 4]


def redact(text: str, secrets: Sequence[str], paths: Sequence[Path] = ()) -> str:
    """Mask secrets and replace local paths (longest first) by a placeholder."""
    for value in secrets:
        text = text.replace(value, "***")
    for path in sorted({str(p) for p in paths if str(p) not in ("", "/")}, key=len, reverse=True):
        text = text.replace(path, "<local>")
    return text


def clean_url(url: str) -> str:
    """A source URL without credentials: no user info, no key/token query parameters."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"{parts.scheme}:<local>" if parts.scheme == "file" else "<redacted>"
    query = [
        (k, v) for k, v in urllib.parse.parse_qsl(parts.query, True) if not SECRET_PARAMS.match(k)
    ]
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit(
        (parts.scheme, netloc, parts.path, urllib.parse.urlencode(query), "")
    )


# --------------------------------------------------------------------------- git


def git(repo: Path, *args: str, env: Mapping[str, str] | None = None, check: bool = True) -> str:
    """Run git in the checkout; a failure raises PublishError with git's own message."""
    proc = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=False
    )
    if check and proc.returncode != 0:
        raise PublishError(f"git {args[0]} failed: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc.stdout.strip()


def auth_env(token: str) -> dict[str, str]:
    """Git environment that sends the token to github.com only, never stored in .git/config."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    if token:
        basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
        env.update(
            GIT_CONFIG_COUNT="1",
            GIT_CONFIG_KEY_0="http.https://github.com/.extraheader",
            GIT_CONFIG_VALUE_0=f"AUTHORIZATION: basic {basic}",
        )
    return env


def default_branch(repo: Path, remote: str, env: Mapping[str, str]) -> str:
    """The remote's default branch, from its HEAD symref (no API call needed)."""
    out = git(repo, "ls-remote", "--symref", remote, "HEAD", env=env)
    match = re.search(r"^ref: refs/heads/(\S+)\s+HEAD", out, re.M)
    if not match:
        raise PublishError(f"cannot tell the default branch of {remote}: pass --base")
    return match.group(1)


def remote_branch(repo: Path, remote: str, branch: str, env: Mapping[str, str]) -> str | None:
    """The commit the remote branch points at, fetched locally; None when it does not exist."""
    if not git(repo, "ls-remote", "--heads", remote, f"refs/heads/{branch}", env=env):
        return None
    git(repo, "fetch", "--quiet", "--no-tags", remote, f"refs/heads/{branch}", env=env)
    return git(repo, "rev-parse", "FETCH_HEAD")


def subtree(repo: Path, treeish: str, path: str) -> str | None:
    """Object id of ``path`` in ``treeish`` (None when absent): equal ids mean equal folders."""
    out = git(repo, "rev-parse", "--verify", "--quiet", f"{treeish}:{path}", check=False)
    return out or None


# --------------------------------------------------------------------------- crawl


def publish_command(opts: Options, report_dir: Path, feed: Path) -> list[str]:
    """``scrapy crawl`` into the checkout; the feed keeps only what the body needs, and the review
    step saves its rows for it (``PYVIDEO_REVIEW_ROWS``)."""
    settings = {
        "LOG_LEVEL": "INFO",
        **opts.settings,
        "PYVIDEO_DATA_DIR": str(opts.data_repo),
        "PYVIDEO_REPORT_DIR": str(report_dir),
        "FEED_EXPORT_FIELDS": "slug,title,source_urls,skipped",
        # the review page's rows with every flag, for the body: reports/<event>.review.json
        "PYVIDEO_REVIEW_ROWS": "True",
    }
    return crawl_command(opts.spider, opts.spargs, settings, output=feed)


def run_crawl(
    opts: Options, workdir: Path, env: Mapping[str, str], secrets: Sequence[str]
) -> Crawl:
    """Run the crawl; keep its (redacted) log; read the summary, the feed and the match report."""
    report_dir, feed = workdir / "reports", workdir / "event.jsonl"
    crawl_env = {**env, "PYTHONPATH": str(PROJECT)}
    crawl_env.pop(opts.token_env, None)  # the crawl never needs the GitHub token
    proc = subprocess.run(
        publish_command(opts, report_dir, feed),
        cwd=PROJECT,
        env=crawl_env,
        capture_output=True,
        text=True,
        check=False,
    )
    log = redact(proc.stdout + proc.stderr, secrets)
    (workdir / "crawl.log").write_text(log, encoding="utf-8")
    if proc.returncode != 0:
        tail = "\n".join(log.splitlines()[-15:])
        raise PublishError(f"the crawl failed (exit {proc.returncode}):\n{tail}")
    summary, slug = [], ""
    for line in log.splitlines():
        match = SUMMARY_RE.search(line)
        if match:
            summary, slug = [match.group(1)], match.group(2)
        elif summary and line.startswith("  "):
            summary.append(line)
        elif summary:
            break
    events = [json.loads(x) for x in feed.read_text(encoding="utf-8").splitlines() if x.strip()]
    if not slug or not events:
        raise PublishError("the crawl produced no event (see the crawl log)")
    event = next((e for e in events if e.get("slug") == slug), events[0])
    report_path = report_dir / f"{slug}.match.json"
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.is_file() else None
    return Crawl(slug, event.get("title") or slug, "\n".join(summary), events, report)


# --------------------------------------------------------------------------- pull request text


def _bullets(items: Sequence[str], total: int | None = None) -> list[str]:
    total = len(items) if total is None else total
    lines = [f"- {item}" for item in items[:LIST_LIMIT]]
    if total > LIST_LIMIT:
        lines.append(f"- … and {total - LIST_LIMIT} more (see the crawl artifacts)")
    return lines


def _md(text: Any) -> str:
    """One line of untrusted text, safe inside a Markdown list (no mentions, no HTML)."""
    one = " ".join(str(text or "").split())
    return one.replace("@", "@\u200b").replace("<", "&lt;").replace("|", "\\|")


def crawl_line(opts: Options) -> str:
    """The crawl as a volunteer would type it (spider arguments only: settings hold paths)."""
    return " ".join(["scrapy crawl", opts.spider, *(f"-a {k}={v}" for k, v in opts.spargs.items())])


def commit_message(opts: Options, crawl: Crawl, changes: Sequence[str]) -> str:
    """``Add|Update <event>: N new, M updated video records`` and the crawl that made them."""
    videos = [c for c in changes if "/videos/" in c]
    added = sum(1 for c in videos if c.startswith("A"))
    verb = "Add" if all(c.startswith("A") for c in changes) else "Update"
    return (
        f"{verb} {crawl.slug}: {added} new, {len(videos) - added} updated video records\n\n"
        f"Crawled by pyvideo-scrapers: {crawl_line(opts)}\n"
    )


def pr_title(crawl: Crawl) -> str:
    return f"{crawl.title} ({crawl.slug}): crawled talks and videos"


def changed_paths(changes: Sequence[str]) -> set[str]:
    """Paths of ``git diff --name-status`` lines (both sides of a rename or copy)."""
    return {path for line in changes for path in line.split("\t")[1:] if path}


def touched(finding: Finding, paths: set[str]) -> bool:
    """Whether a finding is about what the crawl changed: one of its files, or a folder that
    holds one (an event-level finding such as the event folder's name)."""
    return finding.path in paths or any(p.startswith(f"{finding.path}/") for p in paths)


def split_findings(
    findings: Sequence[Finding], changes: Sequence[str]
) -> tuple[list[Finding], list[Finding]]:
    """(findings in what the crawl changed, findings already in the tree): only the first are
    this pull request's to answer for, and only their errors block it."""
    paths = changed_paths(changes)
    mine = [f for f in findings if touched(f, paths)]
    return mine, [f for f in findings if not touched(f, paths)]


def _finding_md(f: Finding) -> str:
    return f"`{_md(f.path)}`: {f.rule} ({f.severity}): {_md(f.message)}"


def data_checks_line(checks: Report, changes: Sequence[str]) -> str:
    """One sentence: what was judged, and what was found where."""
    mine, theirs = split_findings(checks.findings, changes)
    warnings = sum(f.severity == "warning" for f in mine)
    style = sum(f.severity == "style" for f in mine)
    line = (
        f"Data checks: passed: no error (a rule the data repository's CI enforces) in the "
        f"{len(changes)} files this pull request changes; {warnings} warnings "
        f"and {style} style findings there."
    )
    if theirs:
        line += f" {len(theirs)} findings already in the tree are listed below."
    return line


@dataclass
class Block:
    """A piece of the body that may be split by lines: each piece repeats ``head`` and ``tail``
    (a ``<details>`` wrapper and a table header), so a part never ends inside a table."""

    lines: list[str]
    head: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    cont: list[str] | None = None  # the head of the pieces after the first (default: head)

    def pieces(self, limit: int) -> list[str]:
        """The block as one text, or as texts of at most ``limit`` characters."""
        whole = "\n".join([*self.head, *self.lines, *self.tail])
        if len(whole) <= limit:
            return [whole]
        out: list[str] = []
        head, chunk = self.head, []
        for line in self.lines:
            room = limit - len("\n".join([*head, *self.tail])) - 2
            for cut in [line[i : i + room] for i in range(0, len(line), room)] or [""]:
                if chunk and len("\n".join([*head, *chunk, cut, *self.tail])) > limit:
                    out.append("\n".join([*head, *chunk, *self.tail]))
                    head, chunk = self.cont if self.cont is not None else self.head, []
                chunk.append(cut)
        if chunk:
            out.append("\n".join([*head, *chunk, *self.tail]))
        return out


def crawl_rows(report_dir: Path, folder: Path) -> list[Row]:
    """The rows the crawl's review pipeline flagged (all the page's flags, the gap-filled and
    description-fallback ones included, which need the tree as it was before the crawl), with
    the file each record was written to. Empty when the crawl could not write them (it says
    so); the body then carries the folder's own rules (``folder_rows``)."""
    path = report_dir / f"{folder.name}.review.json"
    try:
        rows = rows_from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return []
    files = {r.video_url: r.file for r in folder_rows(folder)[1] if r.video_url}
    for row in rows:
        row.file = row.file or files.get(row.video_url, "")
    return rows


def review_page_line(opts: Options, env: Mapping[str, str], slug: str) -> str:
    """Where the review page of this crawl is: the CI run's artifacts, or the local ones."""
    page = f"`{slug}.html`"
    if opts.artifacts is None or not (opts.artifacts / f"{slug}.html").is_file():
        return (
            f"The review page ({page}) was not kept: run `scrapy publish` with `--artifacts` "
            f"(or `scrapy review {slug}` on this branch) to see it."
        )
    keys = ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")
    if all(env.get(k) for k in keys):
        server, repo, run = (env[k] for k in keys)
        url = clean_url(f"{server.rstrip('/')}/{repo}/actions/runs/{run}")
        return (
            f"The review page (every record with its thumbnail, match evidence and flags) is "
            f"{page} in this run's artifacts: <{url}>."
        )
    return f"The review page (every record, its thumbnail and flags) is {page} in the artifacts."


def _https(url: str) -> str:
    """An https URL safe inside an HTML attribute, or ''."""
    ok = url.startswith("https://") and not re.search(r"[\s\"'<>|]", url)
    return url if ok else ""


def _row_md(row: Row) -> str:
    """One table row: thumbnail (a link to the video), title and file, speakers, flags."""
    thumb, video = _https(row.thumbnail), _https(row.video_url)
    img = f'<img src="{thumb}" width="120" alt="">' if thumb else ""
    if img and video:
        img = f'<a href="{video}">{img}</a>'
    title = f"**{_md(row.title)}**" + (f"<br>`{_md(row.file)}`" if row.file else "")
    match = _md(row.evidence) + ("" if row.score is None else f" ({row.score:.3f})")
    flags = "<br>".join(f"`{f.code}` {_md(f.text)}" for f in row.flags) or "ok"
    cells = [img, title, ", ".join(_md(s) for s in row.speakers), _md(row.recorded), match, flags]
    return "| " + " | ".join(cells) + " |"


TABLE_HEAD = ["| Video | Title | Speakers | Recorded | Match | Flags |", "|---" * 6 + "|"]


def review_blocks(crawl: Crawl) -> tuple[list[Block], list[Block]]:
    """(the review's summary and flagged sections, the section of rows without a flag).

    One collapsed section per flag kind, holding the rows whose first flag it is (the page's
    order), then the rest; each row appears once.
    """
    rows = crawl.rows
    if rows is None:
        return [], []
    flagged = [r for r in rows if r.flags]
    counts: dict[str, int] = {}
    for row in rows:
        for code in dict.fromkeys(row.codes):
            counts[code] = counts.get(code, 0) + 1
    lines = [f"### Review ({len(rows)} rows, {len(flagged)} flagged)", ""]
    if crawl.review_page:
        lines += [crawl.review_page, ""]
    if counts:
        lines += [
            "Flags (rows with each; a row is listed once, under its first flag; the records "
            "without a flag come last):",
            "",
            *(f"- `{code}` {counts[code]}: {doc}" for code, doc in FLAGS.items() if code in counts),
        ]
    else:
        lines.append("No record is flagged.")
    blocks = [Block(lines)]
    groups: dict[str, list[Row]] = {}
    for row in flagged:
        groups.setdefault(row.codes[0], []).append(row)
    for code, group in groups.items():
        blocks.append(_section(f"<code>{code}</code>: {len(group)}", group, FLAGS.get(code, "")))
    rest = [r for r in rows if not r.flags]
    if not rest:
        return blocks, []
    heading = [f"### Records without a flag ({len(rest)})", ""]
    return blocks, [_section(f"No flag: {len(rest)}", rest, "looked fine to every rule", heading)]


def _section(title: str, rows: Sequence[Row], doc: str, heading: Sequence[str] = ()) -> Block:
    """A collapsed table; a piece cut from it reopens it with "(continued)"."""
    doc = re.sub(r"`([^`<]*)`", r"<code>\1</code>", doc.replace("<", "&lt;"))
    head = [*heading, f"<details><summary>{title} ({doc})</summary>", "", *TABLE_HEAD]
    cont = [f"<details><summary>{title} (continued)</summary>", "", *TABLE_HEAD]
    return Block([_row_md(r) for r in rows], head, ["", "</details>"], cont)


def body_marker(slug: str) -> str:
    return f"<!-- pyvideo-scrapers publish: {slug} -->"


def comment_marker(slug: str) -> str:
    """Starts every comment holding the rest of a body, so a later run finds and edits it."""
    return f"<!-- pyvideo-scrapers publish: {slug} continued"


def pr_parts(opts: Options, crawl: Crawl, checks: Report, changes: Sequence[str]) -> list[str]:
    """The body and the comments holding what did not fit (each within ``BODY_LIMIT``).

    Summary, checks, the review (flagged sections first), match report, skipped items,
    findings, sources, the rows without a flag; cut by whole sections (and a long section by
    rows), in that order, so nothing is lost.
    """
    added = sum(1 for c in changes if c.startswith("A"))
    head = [
        f"Automated crawl of **{_md(crawl.title)}** (`{crawl.slug}`) by pyvideo-scrapers: "
        f"`{crawl_line(opts)}`.",
        "",
        f"This pull request changes {len(changes)} files in `{crawl.slug}/` "
        f"({added} added, {len(changes) - added} modified). It is rebuilt from the base branch "
        "on every scheduled crawl: edit the data in a later pull request, not on this branch.",
        "",
        data_checks_line(checks, changes),
        "",
    ]
    summary = crawl.summary.splitlines()
    blocks = [Block(_trim(head)), Block(summary, ["### Crawl summary", "", "```text"], ["```"])]
    blocks[-1].cont = ["```text"]
    review, rest = review_blocks(crawl)
    blocks += review
    blocks += [Block(lines) for lines in _report_sections(crawl, checks, changes)]
    blocks += rest
    return split_body(blocks, crawl.slug)


def split_body(blocks: Sequence[Block], slug: str, limit: int | None = None) -> list[str]:
    """Pack the blocks in order into the body, then into as many comments as needed."""
    limit = BODY_LIMIT if limit is None else limit
    budget = limit - PART_RESERVE
    parts: list[list[str]] = [[]]
    size = 0
    for block in blocks:
        for piece in block.pieces(budget):
            if parts[-1] and size + len(piece) + 2 > budget:
                parts.append([])
                size = 0
            parts[-1].append(piece)
            size += len(piece) + 2
    total = len(parts)
    body = "\n\n".join(parts[0])
    if total > 1:
        body += (
            f"\n\n**Continued in {total - 1} comment{'s' if total > 2 else ''} below** "
            "(the body has a size limit)."
        )
    out = [f"{body}\n\n{body_marker(slug)}\n"]
    for n, part in enumerate(parts[1:], 2):
        out.append(
            f"{comment_marker(slug)} {n - 1} -->\n"
            f"_Pull request body, continued ({n}/{total})._\n\n" + "\n\n".join(part) + "\n"
        )
    return out


def pr_body(opts: Options, crawl: Crawl, checks: Report, changes: Sequence[str]) -> str:
    """Markdown body: summary, checks, review, match report, skipped items, sources (no paths
    or secrets); what does not fit goes to comments (:func:`pr_parts`)."""
    return pr_parts(opts, crawl, checks, changes)[0]


def _report_sections(crawl: Crawl, checks: Report, changes: Sequence[str]) -> list[list[str]]:
    """The match report, skipped items, findings and sources, a list of lines each."""
    lines: list[str] = []
    report = crawl.match_report
    if report:
        c = report.get("counts", {})
        lines += [
            "",
            "### Matching talks to videos",
            "",
            "| playlist items | matched | unmatched videos | skipped videos | talks "
            "| talks without a video |",
            "|---:|---:|---:|---:|---:|---:|",
            f"| {c.get('playlist_items', 0)} | {c.get('matched', 0)} "
            f"| {c.get('unmatched_videos', 0)} | {c.get('skipped_videos', 0)} "
            f"| {c.get('talks', 0)} | {c.get('unmatched_talks', 0)} |",
        ]
        videos = report.get("unmatched_recordings", [])
        if videos:
            lines += ["", f"Unmatched videos ({len(videos)}), written as records of their own:", ""]
            lines += _bullets(
                [
                    f"`{_md(v.get('video_id'))}` {_md(v.get('title'))}"
                    + (f" ({_md(v['reason'])})" if v.get("reason") else "")
                    + (
                        f", likely a duplicate of `{_md(v['likely_duplicate_of'])}`"
                        if v.get("likely_duplicate_of")
                        else ""
                    )
                    for v in videos
                ]
            )
        talks = report.get("unmatched_talks", [])
        if talks:
            lines += ["", f"Talks without a video ({len(talks)}):", ""]
            lines += _bullets(
                [
                    f"{_md(t.get('title'))}" + (f" ({_md(t['reason'])})" if t.get("reason") else "")
                    for t in talks
                ]
            )
        skipped_videos = report.get("skipped", [])
        if skipped_videos:
            lines += ["", f"Skipped videos ({len(skipped_videos)}):", ""]
            lines += _bullets(
                [
                    f"`{_md(v.get('video'))}` {_md(v.get('title'))}: {_md(v.get('status'))}"
                    for v in skipped_videos
                ]
            )
    else:
        lines += ["", "No playlist was crawled for this event, so there is no match report."]
    skipped = [s for e in crawl.events for s in e.get("skipped") or []]
    if skipped:
        lines += ["", f"### Skipped items ({len(skipped)})", ""]
        lines += _bullets(
            [
                f"{_md(s.get('what'))}: {_md(s.get('reason'))}"
                + (f" ({_md(s['detail'])})" if s.get("detail") else "")
                for s in skipped
            ]
        )
    mine, theirs = split_findings(checks.findings, changes)
    if mine:
        lines += ["", f"### Review findings in the changed files ({len(mine)})", ""]
        lines += _bullets([_finding_md(f) for f in mine])
    if theirs:
        lines += [
            "",
            f"### Already in the tree ({len(theirs)})",
            "",
            "Findings in files of the event folder this crawl did not touch: not introduced by "
            "this pull request, and they did not block it.",
            "",
        ]
        lines += _bullets([_finding_md(f) for f in theirs])
    urls = list(dict.fromkeys(clean_url(u) for e in crawl.events for u in e.get("source_urls", [])))
    if report:
        urls += [
            clean_url(f"https://www.youtube.com/playlist?list={p}")
            for p in report.get("playlists", [])
            if p
        ]
    urls = list(dict.fromkeys(urls))
    if urls:
        lines += ["", "### Sources", "", *_bullets([f"<{u}>" for u in urls])]
    sections: list[list[str]] = [[]]
    for line in lines:
        if line.startswith("### "):
            sections.append([])
        sections[-1].append(line)
    return [[*_trim(x)] for x in sections if _trim(x)]


def _trim(lines: list[str]) -> list[str]:
    """Without the blank lines at either end (parts are joined by one blank line)."""
    text = "\n".join(lines).strip("\n")
    return text.split("\n") if text else []


# --------------------------------------------------------------------------- GitHub API


class GitHub:
    """The few REST calls needed, with ``urllib`` (no new dependency)."""

    def __init__(self, api_url: str, token: str) -> None:
        self.api_url = api_url.rstrip("/")
        self.token = token

    def request(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        data = json.dumps(payload).encode() if payload is not None else None
        req = urllib.request.Request(
            f"{self.api_url}{path}",
            data=data,
            method=method,
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "pyvideo-scrapers-publish",
                **({"Content-Type": "application/json"} if data else {}),
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                text = resp.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            with contextlib.suppress(ValueError, AttributeError):
                detail = json.loads(detail).get("message", detail)
            if exc.code == 401:
                raise PublishError(
                    f"the GitHub API refused the token (401 {detail}): check the token secret"
                ) from None
            raise PublishError(
                f"GitHub API {method} {path.split('?')[0]} failed: {exc.code} {detail[:300]}"
            ) from None
        except urllib.error.URLError as exc:
            raise PublishError(f"GitHub API unreachable: {exc.reason}") from None
        return json.loads(text) if text else None

    def find_pull(self, repo: str, head: str, base: str) -> dict[str, Any] | None:
        query = urllib.parse.urlencode({"head": head, "base": base, "state": "open"})
        pulls = self.request("GET", f"/repos/{repo}/pulls?{query}")
        return pulls[0] if pulls else None

    def sync_comments(
        self, repo: str, number: int, slug: str, comments: Sequence[str], new: bool = False
    ) -> None:
        """Make the pull request's continuation comments ``comments``: the earlier ones (found
        by their marker) are edited in place, extra ones posted, those no longer needed deleted,
        so a re-crawl never piles up comments. ``new``: a pull request just opened has none."""
        marker = comment_marker(slug)
        old: list[dict[str, Any]] = []
        page = 1
        while not new:
            got = self.request(
                "GET", f"/repos/{repo}/issues/{number}/comments?per_page=100&page={page}"
            )
            old += [c for c in got or [] if str(c.get("body") or "").startswith(marker)]
            if len(got or []) < 100:
                break
            page += 1
        for n, text in enumerate(comments):
            if n < len(old):
                if old[n].get("body") != text:
                    path = f"/repos/{repo}/issues/comments/{old[n]['id']}"
                    self.request("PATCH", path, {"body": text})
            else:
                self.request("POST", f"/repos/{repo}/issues/{number}/comments", {"body": text})
        for comment in old[len(comments) :]:
            self.request("DELETE", f"/repos/{repo}/issues/comments/{comment['id']}")


# --------------------------------------------------------------------------- the run


def publish(opts: Options, env: Mapping[str, str] | None = None, out: Any = None) -> Outcome:
    """Crawl, check, commit, push and open or update the pull request (see module docstring)."""
    env = os.environ if env is None else env
    out = out or sys.stdout
    repo = opts.data_repo.resolve()
    opts.data_repo = repo
    token = env.get(opts.token_env, "")
    secrets = secret_values(opts, env)
    if not (repo / ".git").exists():
        raise PublishError("--data-repo is not a git checkout of pyvideo-data")
    if git(repo, "status", "--porcelain"):
        raise PublishError("the data checkout has uncommitted changes: commit or discard them")
    github = None
    if not opts.dry_run:
        if not token:
            raise PublishError(f"no token: set {opts.token_env} (or use --dry-run)")
        github = GitHub(opts.api_url, token)
        github.request("GET", f"/repos/{opts.repo}")  # fail fast on a bad token or repo name
    genv = auth_env(token)
    base = opts.base or default_branch(repo, opts.base_remote, genv)
    git(repo, "fetch", "--quiet", "--no-tags", opts.base_remote, f"refs/heads/{base}", env=genv)
    base_commit = git(repo, "rev-parse", "FETCH_HEAD")
    start = git(repo, "symbolic-ref", "--quiet", "--short", "HEAD", check=False) or git(
        repo, "rev-parse", "HEAD"
    )
    branches: dict[str, str | None] = {}  # local branches this run moves: their commit before
    try:
        git(repo, "checkout", "--quiet", "--detach", base_commit)
        return _publish(opts, env, base, base_commit, start, branches, github, secrets, out)
    except BaseException as exc:
        # Whatever failed (crawl, checks, commit, push, API, Ctrl-C): the checkout goes back to
        # the branch and the clean state it was in; the artifacts keep what the crawl wrote.
        try:
            rollback(repo, start, branches)
        except PublishError as undo:
            if isinstance(exc, PublishError):
                raise PublishError(f"{exc}\nthe checkout could not be restored: {undo}") from None
        raise


def _publish(
    opts: Options,
    env: Mapping[str, str],
    base: str,
    base_commit: str,
    start: str,
    branches: dict[str, str | None],
    github: GitHub | None,
    secrets: Sequence[str],
    out: Any,
) -> Outcome:
    """Everything after the checkout left its branch; any exception is undone by the caller."""
    repo = opts.data_repo
    genv = auth_env(env.get(opts.token_env, ""))
    with tempfile.TemporaryDirectory(prefix="pyvideo-publish-") as tmp:
        workdir = Path(tmp)
        try:
            crawl = run_crawl(opts, workdir, env, secrets)
        finally:
            keep_artifacts(opts, workdir)
        slug = crawl.slug
        branch = f"{opts.branch_prefix}{slug}"
        git(repo, "add", "--all", "--", slug)
        changes = git(repo, "diff", "--cached", "--name-status", "--", slug).splitlines()
        stray = git(repo, "status", "--porcelain", "--", ".", f":!{slug}")
        if stray:
            out.write(f"warning: the crawl changed files outside {slug}/; they are not committed\n")
        if not changes:
            out.write(f"{slug}: the crawl changed nothing on {base}: no commit, no pull request\n")
            rollback(repo, start, branches)
            return Outcome("no change", branch)
        # Only what this crawl changed is judged: findings in files it did not touch are
        # already in the tree (the pull request body lists them) and never block it.
        checks = check_tree(repo / slug)
        mine, theirs = split_findings(checks.findings, changes)
        errors = [f.line() for f in mine if f.upstream]
        if errors:
            kept = keep_event(opts, repo, slug)
            raise PublishError(
                f"{slug}: the data checks failed on files this crawl changed, nothing pushed "
                f"(the checkout is restored{kept}):\n"
                + "\n".join(errors[:30])
                + (f"\n... and {len(errors) - 30} more" if len(errors) > 30 else "")
                + (
                    f"\n({len(theirs)} findings in files the crawl did not touch do not block)"
                    if theirs
                    else ""
                )
            )
        # The review page's flags, by its own functions, on the folder as it will be pushed.
        crawl.rows = (
            crawl_rows(workdir / "reports", repo / slug) or folder_rows(repo / slug, tree=repo)[1]
        )
        crawl.review_page = review_page_line(opts, env, slug)
        # Talk text is untrusted: mask anything that looks like this machine or a secret.
        local = [repo, workdir, Path.home()]
        parts = [redact(x, secrets, local) for x in pr_parts(opts, crawl, checks, changes)]
        body, comments = parts[0], parts[1:]
        if opts.artifacts:
            (opts.artifacts / f"{slug}.pr.md").write_text(body, encoding="utf-8")
            for old in opts.artifacts.glob(f"{slug}.pr.*.md"):
                old.unlink()
            for n, comment in enumerate(comments, 1):
                (opts.artifacts / f"{slug}.pr.{n}.md").write_text(comment, encoding="utf-8")
        message = commit_message(opts, crawl, changes)

    if opts.dry_run:
        out.write(
            f"dry run: would push branch {branch} (from {base} at {base_commit[:12]}) to "
            f"{redact(opts.push_remote, secrets)} and open a pull request on {opts.repo}\n"
            f"commit message:\n{message}\nfiles:\n" + "\n".join(changes) + "\n"
            f"\ntitle: {pr_title(crawl)}\n\n{body}"
            + "".join(f"\ncomment {n}:\n\n{c}" for n, c in enumerate(comments, 1))
        )
        rollback(repo, start, branches)
        return Outcome("dry-run", branch, body=body, comments=comments)

    assert github is not None
    before = git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False)
    branches.setdefault(branch, before or None)
    git(repo, "checkout", "--quiet", "-B", branch)
    pushed = remote_branch(repo, opts.push_remote, branch, genv)
    head = f"{opts.head_owner}:{branch}"
    if pushed and subtree(repo, pushed, slug) == git(repo, "write-tree", "--prefix", f"{slug}/"):
        git(repo, "reset", "--quiet", "--hard", pushed)
        pull = github.find_pull(opts.repo, head, base)
        if pull:
            out.write(
                f"{slug}: {branch} already holds this data: nothing to do ({pull_url(pull)})\n"
            )
            return Outcome("up to date", branch, pull_url(pull))
        pull = github.request(
            "POST", f"/repos/{opts.repo}/pulls", new_pull(crawl, head, base, body)
        )
        github.sync_comments(opts.repo, pull["number"], slug, comments, new=True)
        out.write(f"{slug}: opened {pull_url(pull)} for the existing branch {branch}\n")
        return Outcome("opened", branch, pull_url(pull), body, comments)
    git(repo, "commit", "--quiet", "--no-verify", "-m", message, "--", slug, env=identity(repo))
    pull = github.find_pull(opts.repo, head, base)
    lease = f"--force-with-lease=refs/heads/{branch}:{pushed or ''}"
    git(
        repo,
        "push",
        "--quiet",
        "--no-verify",
        lease,
        opts.push_remote,
        f"HEAD:refs/heads/{branch}",
        env=genv,
    )
    if pull:
        payload = {"title": pr_title(crawl), "body": body}
        pull = github.request("PATCH", f"/repos/{opts.repo}/pulls/{pull['number']}", payload)
        github.sync_comments(opts.repo, pull["number"], slug, comments)
        out.write(f"{slug}: pushed {branch}, updated {pull_url(pull)}\n")
        return Outcome("updated", branch, pull_url(pull), body, comments)
    pull = github.request("POST", f"/repos/{opts.repo}/pulls", new_pull(crawl, head, base, body))
    github.sync_comments(opts.repo, pull["number"], slug, comments, new=True)
    out.write(f"{slug}: pushed {branch}, opened {pull_url(pull)}\n")
    return Outcome("opened", branch, pull_url(pull), body, comments)


def new_pull(crawl: Crawl, head: str, base: str, body: str) -> dict[str, Any]:
    return {
        "title": pr_title(crawl),
        "head": head,
        "base": base,
        "body": body,
        "maintainer_can_modify": True,
    }


def pull_url(pull: dict[str, Any]) -> str:
    return str(pull.get("html_url") or f"#{pull.get('number')}")


def identity(repo: Path) -> dict[str, str]:
    """Git environment naming a committer when none is configured (a volunteer's own wins)."""
    env = dict(os.environ)
    if not git(repo, "config", "user.name", check=False):
        env["GIT_AUTHOR_NAME"] = env["GIT_COMMITTER_NAME"] = "pyvideo-scrapers"
    if not git(repo, "config", "user.email", check=False):
        email = "pyvideo-scrapers@users.noreply.github.com"
        env["GIT_AUTHOR_EMAIL"] = env["GIT_COMMITTER_EMAIL"] = email
    return env


def rollback(repo: Path, start: str, branches: Mapping[str, str | None]) -> None:
    """Back to the branch (or commit) the checkout was on, in the clean state it was in.

    The run starts only from a clean checkout, so dropping every change and untracked file is
    exact (ignored files are left alone); local branches the run created are deleted, and those
    it moved go back to their commit.
    """
    git(repo, "reset", "--quiet", "--hard")
    git(repo, "clean", "-fdq")
    git(repo, "checkout", "--quiet", "--detach")
    for branch, commit in branches.items():
        if commit:
            git(repo, "update-ref", f"refs/heads/{branch}", commit)
        else:
            git(repo, "branch", "--quiet", "-D", branch, check=False)
    git(repo, "checkout", "--quiet", start)


def keep_event(opts: Options, repo: Path, slug: str) -> str:
    """Copy the event folder the crawl wrote into the artifacts (the checkout is restored)."""
    if not opts.artifacts or not (repo / slug).is_dir():
        return ""
    target = opts.artifacts / f"{slug}.data" / slug
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(repo / slug, target)
    return f"; the crawled files are in the artifacts, {slug}.data/"


def keep_artifacts(opts: Options, workdir: Path) -> None:
    """Copy the crawl log, reports and review page where CI uploads them (secrets masked)."""
    if not opts.artifacts:
        return
    opts.artifacts.mkdir(parents=True, exist_ok=True)
    if (workdir / "crawl.log").is_file():
        shutil.copyfile(workdir / "crawl.log", opts.artifacts / f"{opts.spider}.crawl.log")
    for report in sorted((workdir / "reports").glob("*.*")):
        if report.suffix in (".json", ".html"):
            shutil.copyfile(report, opts.artifacts / report.name)
