"""``check-data``: every rule of FORMAT.md over a whole pyvideo-data tree, plus what upstream CI
misses (speaker spellings across events, duplicate YouTube videos, recorded dates, titles...).

Per-event work (parsing, schema, docutils) runs in worker processes, since docutils dominates
the run time; cross-event rules (ids, YouTube ids, speaker spellings) run in the parent on the
small summaries the workers send back.  ``--fix`` only rewrites what cannot change meaning.

Every finding has the severity of its rule (``scrapers.domain.validation.RULES``): ``error`` only
for what the data repo's ``make test`` refuses (FORMAT.md checks 1-8; the exit status is 1 only for
these), ``warning`` for data problems, ``style`` for matters of form.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from scrapers.domain.datatree import EVENT_SLUG_RE
from scrapers.domain.names import NameIndex, clean_name
from scrapers.domain.record import MAX_NAME_BYTES, canonical_json, slugify
from scrapers.domain.validation import (
    CANONICAL_WATCH_RE,
    RULES,
    SEVERITIES,
    Problem,
    canonical_thumbnail,
    canonical_youtube_url,
    category_problems,
    event_problems,
    event_span,
    speaker_aliases,
    video_problems,
    warm,
    youtube_ids,
)

# Below this many video files a pool costs more than it saves.
_PARALLEL_MIN_FILES = 400


@dataclass(frozen=True, order=True)
class Finding:
    """One line of output: ``path: rule: message`` (path relative to the tree root)."""

    path: str
    rule: str
    message: str

    @property
    def severity(self) -> str:
        """``error`` (the data repo's CI refuses it), ``warning`` or ``style``: see ``RULES``."""
        return RULES[self.rule].severity

    @property
    def upstream(self) -> bool:
        return RULES[self.rule].upstream

    def line(self) -> str:
        return f"{self.path}: {self.rule}: {self.message}"

    def __reduce__(self) -> tuple[Any, tuple[str, str, str]]:
        # from a worker as a plain call: half the time of a dataclass's default pickling
        return Finding, (self.path, self.rule, self.message)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "severity": self.severity, "upstream": self.upstream}


@dataclass
class _RecordInfo:
    """What cross-event rules need from one record (small: it crosses process boundaries)."""

    path: str
    id: Any
    speakers: list[str]
    youtube: list[str]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _RecordInfo, (self.path, self.id, self.speakers, self.youtube)


@dataclass
class _EventResult:
    findings: list[Finding] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    records: list[_RecordInfo] = field(default_factory=list)
    # clean_name of each speaker, for the tree's NameIndex: worked out in the workers
    cleaned: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Report:
    """Findings of one run, sorted; ``fixed`` lists what ``--fix`` rewrote (``path: what``)."""

    root: str
    findings: list[Finding]
    fixed: list[str]
    files: int
    seconds: float

    @property
    def exit_status(self) -> int:
        """1 when a rule the data repo's CI enforces fails (an error), else 0."""
        return int(any(f.upstream for f in self.findings))

    def counts(self) -> dict[str, int]:
        """Findings per severity, every severity present (0 when none)."""
        out = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            out[f.severity] += 1
        return out

    def summary(self) -> list[tuple[str, str, int, int]]:
        """(rule, severity, findings, files) for every rule that fired: errors first, then
        warnings, then style, by rule name within each."""
        count: Counter[str] = Counter()
        files: dict[str, set[str]] = defaultdict(set)
        for f in self.findings:
            count[f.rule] += 1
            files[f.rule].add(f.path)
        rows = [(r, RULES[r].severity, n, len(files[r])) for r, n in count.items()]
        return sorted(rows, key=lambda row: (SEVERITIES.index(row[1]), row[0]))

    def write_text(self, out: TextIO, quiet: bool = False) -> None:
        if not quiet:
            for line in self.fixed:
                out.write(f"fixed: {line}\n")
            for f in self.findings:
                out.write(f.line() + "\n")
        rows = self.summary()
        out.write(f"\n{'severity':<8} {'rule':<20} {'check':>5} {'findings':>8} {'files':>7}\n")
        for rule, severity, n, nfiles in rows:
            check = RULES[rule].check
            out.write(f"{severity:<8} {rule:<20} {check or '-':>5} {n:>8} {nfiles:>7}\n")
        counts = self.counts()
        by_severity = ", ".join(f"{counts[s]} {s}" for s in SEVERITIES)
        out.write(
            f"{len(rows)} rules fired, {len(self.findings)} findings ({by_severity}); "
            f"{self.files} files checked in {self.seconds:.1f}s ({self.root}); "
            f"{len(self.fixed)} files rewritten; exit {self.exit_status}"
            + (" (errors: rules the data repository's CI enforces)" if self.exit_status else "")
            + "\n"
        )

    def write_json(self, out: TextIO, quiet: bool = False) -> None:
        data = {
            "root": self.root,
            "files": self.files,
            "seconds": round(self.seconds, 2),
            "exit_status": self.exit_status,
            "counts": self.counts(),
            "fixed": self.fixed,
            "summary": [
                {
                    "rule": r,
                    "severity": sev,
                    "upstream": sev == "error",
                    "check": RULES[r].check,
                    "findings": n,
                    "files": nf,
                }
                for r, sev, n, nf in self.summary()
            ],
        }
        if not quiet:
            data["findings"] = [f.as_dict() for f in self.findings]
        json.dump(data, out, indent=2, ensure_ascii=False)
        out.write("\n")


# --------------------------------------------------------------------------- fixing


def _strip_list(values: list, key: str | None = None) -> list:
    """Strip strings in a list (or ``item[key]``), unless that would make two items equal."""
    out = []
    for v in values:
        if key is None and isinstance(v, str):
            out.append(v.strip())
        elif key is not None and isinstance(v, dict) and isinstance(v.get(key), str):
            out.append({**v, key: v[key].strip()})
        else:
            out.append(v)
    keys = [json.dumps(v, sort_keys=True) for v in out]
    return (
        out if len(set(keys)) == len(set(json.dumps(v, sort_keys=True) for v in values)) else values
    )


def fix_record(record: dict) -> tuple[dict, list[str]]:
    """The record with only meaning-preserving rewrites applied, and what was rewritten.

    Whitespace at the ends of one-line strings (never description/summary: reST indentation is
    meaning), YouTube URL forms -> ``watch?v=<id>`` (not when a start time or unknown parameter
    would be lost), thumbnail host/scheme forms -> ``https://i.ytimg.com/vi/<id>/...``.
    """
    rec = dict(record)
    done: list[str] = []
    for key in ("title", "language", "slug", "recorded", "copyright_text", "thumbnail_url"):
        v = rec.get(key)
        if isinstance(v, str) and v != v.strip():
            rec[key] = v.strip()
            done.append(f"whitespace({key})")
    for key, sub in (("speakers", None), ("tags", None), ("related_urls", "url")):
        v = rec.get(key)
        if isinstance(v, list):
            new = _strip_list(v, sub)
            if key == "related_urls":
                new = _strip_list(_strip_list(new, "label"), None)
            if new != v:
                rec[key] = new
                done.append(f"whitespace({key})")
    videos = rec.get("videos")
    if isinstance(videos, list):
        new_videos = _strip_list(videos, "url")
        if new_videos != videos:
            done.append("whitespace(videos)")
        rewritten = []
        for video in new_videos:
            url = video.get("url") if isinstance(video, dict) else None
            if (
                isinstance(url, str)
                and video.get("type") == "youtube"
                and not CANONICAL_WATCH_RE.fullmatch(url)
                and (canon := canonical_youtube_url(url))
            ):
                video = {**video, "url": canon}
            rewritten.append(video)
        keys = {json.dumps(v, sort_keys=True) for v in rewritten}
        if rewritten != new_videos and len(keys) == len(rewritten):
            done.append("youtube-url(videos)")
            new_videos = rewritten
        rec["videos"] = new_videos
    thumb = rec.get("thumbnail_url")
    if isinstance(thumb, str) and (canon := canonical_thumbnail(thumb)) and canon != thumb:
        rec["thumbnail_url"] = canon
        done.append("thumbnail-url")
    return rec, done


def fix_category(category: dict) -> tuple[dict, list[str]]:
    """Whitespace at the ends of a category's one-line strings."""
    cat = dict(category)
    done = []
    for key in ("title", "url", "start_date", "end_date"):
        v = cat.get(key)
        if isinstance(v, str) and v != v.strip():
            cat[key] = v.strip()
            done.append(f"whitespace({key})")
    return cat, done


# --------------------------------------------------------------------------- one event


def _name_problems(rel: str, name: str) -> list[Finding]:
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        n = len(name.encode("utf-8"))
        return [Finding(rel, "name-length", f"name is {n} bytes (must be < 140)")]
    return []


def _finding(rel: str, p: Problem) -> Finding:
    msg = p.message if p.field == "(file)" else f"{p.field}: {p.message}"
    return Finding(rel, p.rule, msg)


def _load_json(path: Path) -> tuple[bytes, Any, str | None]:
    raw = path.read_bytes()
    try:
        return raw, json.loads(raw), None
    except (ValueError, UnicodeDecodeError) as exc:
        return raw, None, f"not valid JSON: {exc}"


def _check_event(job: tuple[str, str, bool, bool]) -> _EventResult:
    """Everything that only needs one event folder (run in a worker)."""
    root_s, event, fix, rst = job
    root = Path(root_s)
    folder = root / event
    res = _EventResult()
    add = res.findings.append
    res.findings += _name_problems(event, event)
    if not EVENT_SLUG_RE.fullmatch(event):
        add(Finding(event, "event-slug", "event folder name must be ASCII letters, digits, '-'"))

    for entry in sorted(os.listdir(folder)):
        path = folder / entry
        if entry == "category.json" and path.is_file():
            continue
        if entry == "videos" and path.is_dir():
            continue
        kind = "folder" if path.is_dir() else "file"
        add(Finding(f"{event}/{entry}", "layout", f"unexpected {kind} at the top of an event"))

    category: dict = {}
    cat_path = folder / "category.json"
    if not cat_path.is_file():
        add(Finding(event, "layout", "event folder has no category.json"))
    else:
        rel = f"{event}/category.json"
        raw, data, err = _load_json(cat_path)
        if err:
            add(Finding(rel, "json", err))
        else:
            if fix and isinstance(data, dict):
                data, done = fix_category(data)
                if canonical_json(data).encode() != raw:
                    cat_path.write_text(canonical_json(data), encoding="ascii")
                    res.fixed.append(f"{rel}: {', '.join([*done, 'serialization'])}")
                    raw = canonical_json(data).encode()
            res.findings += [_finding(rel, p) for p in category_problems(data)]
            if canonical_json(data).encode() != raw:
                add(Finding(rel, "serialization", "not in canonical serialization"))
            category = data if isinstance(data, dict) else {}

    videos_dir = folder / "videos"
    if not videos_dir.is_dir():
        add(Finding(event, "layout", "event folder has no videos/ folder"))
        return res

    span = event_span(event, category)
    cat_title = category.get("title") if isinstance(category.get("title"), str) else ""
    slugs: dict[str, list[str]] = defaultdict(list)

    # scandir: whether an entry is a file comes with the listing (no stat per record)
    for item in sorted(os.scandir(videos_dir), key=lambda item: item.name):
        entry = item.name
        rel = f"{event}/videos/{entry}"
        path = videos_dir / entry
        res.findings += _name_problems(rel, entry)
        if not entry.endswith(".json") or not item.is_file():
            add(Finding(rel, "layout", "only *.json files belong in videos/"))
            continue
        raw, record, err = _load_json(path)
        if err:
            add(Finding(rel, "json", err))
            continue
        if fix and isinstance(record, dict):
            record, done = fix_record(record)
            text = canonical_json(record)
            if text.encode() != raw:
                path.write_text(text, encoding="ascii")
                res.fixed.append(f"{rel}: {', '.join([*done, 'serialization'])}")
                raw = text.encode()
        res.findings += [_finding(rel, p) for p in video_problems(record, rst=rst)]
        if canonical_json(record).encode() != raw:
            add(Finding(rel, "serialization", "not in canonical serialization"))
        if not isinstance(record, dict):
            continue

        title = record.get("title") if isinstance(record.get("title"), str) else ""
        slug = record.get("slug") if isinstance(record.get("slug"), str) else None
        slugs[slug or slugify(title)].append(rel)
        speakers = [s for s in record.get("speakers") or [] if isinstance(s, str)]
        res.records.append(_RecordInfo(rel, record.get("id"), speakers, youtube_ids(record)))
        for name in speakers:
            if name not in res.cleaned:
                res.cleaned[name] = clean_name(name)

        # recorded-year, title-event, title-speaker: one copy, shared with the review page
        res.findings += [
            Finding(rel, p.rule, p.message) for p in event_problems(record, span, cat_title)
        ]

    for slug, paths in slugs.items():
        if len(paths) > 1:
            for rel in paths:
                others = ", ".join(p.rsplit("/", 1)[-1] for p in paths if p != rel)
                add(Finding(rel, "duplicate-slug", f"slug {slug!r} also used by {others}"))
    return res


# --------------------------------------------------------------------------- whole tree


def _cross_checks(
    records: list[_RecordInfo],
    no_publish: set[int],
    cleaned: dict[str, str | None] | None = None,
) -> list[Finding]:
    out: list[Finding] = []
    by_id: dict[Any, list[str]] = defaultdict(list)
    by_yt: dict[str, list[str]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for r in records:
        if isinstance(r.id, int) and not isinstance(r.id, bool):
            by_id[r.id].append(r.path)
            if r.id in no_publish:
                out.append(Finding(r.path, "no-publish", f"id {r.id} is in NO_PUBLISH.json"))
        for vid in r.youtube:
            by_yt[vid].append(r.path)
        counts.update(r.speakers)

    def _others(paths: list[str], me: str) -> str:
        rest = sorted(p for p in paths if p != me)
        return ", ".join(rest[:3]) + (f" (+{len(rest) - 3} more)" if len(rest) > 3 else "")

    for rid, paths in by_id.items():
        if len(paths) > 1:
            for p in paths:
                out.append(Finding(p, "duplicate-id", f"id {rid} also in {_others(paths, p)}"))
    for vid, paths in by_yt.items():
        if len(set(paths)) > 1:
            for p in sorted(set(paths)):
                msg = f"YouTube video {vid} also in {_others(sorted(set(paths)), p)}"
                out.append(Finding(p, "duplicate-youtube", msg))

    index = NameIndex(counts, speaker_aliases(), cleaned)
    preferred: dict[str, tuple[str, int]] = {}
    for group in index.variants():
        best = index.canonical(group[0][0])
        total = dict(group)
        for name, _count in group:
            if name != best:
                preferred[name] = (best, total.get(best, 0))
    for r in records:
        for i, name in enumerate(r.speakers):
            if name in preferred:
                best, n = preferred[name]
                msg = (
                    f"speakers[{i}]: {name!r} ({counts[name]} records) is spelled {best!r} "
                    f"elsewhere ({n} records)"
                )
                out.append(Finding(r.path, "speaker-variant", msg))
    return out


def _events(root: Path) -> list[str]:
    return sorted(e.name for e in root.iterdir() if e.is_dir() and not e.name.startswith("."))


def check_tree(
    path: str | os.PathLike,
    *,
    fix: bool = False,
    only: Iterable[str] | None = None,
    jobs: int | None = None,
) -> Report:
    """Check (and with ``fix``, safely rewrite) a data tree or a single event folder."""
    started = time.perf_counter()
    root = Path(path)
    if (root / "category.json").is_file() or (root / "videos").is_dir():
        root, events = root.parent, [root.name]  # a single event folder
    else:
        events = _events(root)
    wanted = set(only) if only else None
    rst = wanted is None or "rst" in wanted
    warm()
    job_list = [(str(root), e, fix, rst) for e in events]
    nfiles = sum(
        len(os.listdir(root / e / "videos")) for e in events if (root / e / "videos").is_dir()
    )
    jobs = jobs or min(os.cpu_count() or 1, 8)
    if jobs > 1 and nfiles >= _PARALLEL_MIN_FILES:
        # Biggest events first so the last worker is not left with a large one.
        job_list.sort(
            key=lambda j: (
                -len(os.listdir(root / j[1] / "videos")) if (root / j[1] / "videos").is_dir() else 0
            )
        )
        ctx = multiprocessing.get_context(
            "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        )
        with ctx.Pool(jobs) as pool:
            results = pool.map(_check_event, job_list, chunksize=1)
    else:
        results = [_check_event(j) for j in job_list]

    findings: list[Finding] = []
    fixed: list[str] = []
    records: list[_RecordInfo] = []
    cleaned: dict[str, str | None] = {}
    for res in results:
        findings += res.findings
        fixed += res.fixed
        records += res.records
        cleaned.update(res.cleaned)
    no_publish: set[int] = set()
    np_path = root / "NO_PUBLISH.json"
    if np_path.is_file():
        try:
            no_publish = {i for i in json.loads(np_path.read_bytes()) if isinstance(i, int)}
        except (ValueError, TypeError):
            findings.append(Finding("NO_PUBLISH.json", "no-publish", "not a JSON list of ids"))
    findings += _cross_checks(records, no_publish, cleaned)
    if wanted is not None:
        findings = [f for f in findings if f.rule in wanted]
    return Report(
        root=str(root),
        findings=sorted(set(findings), key=lambda f: (f.line(), f.upstream)),
        fixed=sorted(fixed),
        files=len(records) + len(events),
        seconds=time.perf_counter() - started,
    )


# --------------------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by the console script and ``scrapy check-data``."""
    parser.add_argument(
        "path",
        nargs="?",
        default=None,
        help="data tree (or one event folder); default: the PYVIDEO_DATA_DIR setting (output)",
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="rewrite only what is safe: serialization, whitespace at string ends, "
        "YouTube video and thumbnail URL forms",
    )
    parser.add_argument("--only", metavar="RULE,...", help="report only these rules")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--quiet", action="store_true", help="summary only")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes")


def default_data_dir(settings: Any = None) -> str:
    """The tree the crawl writes to: the ``PYVIDEO_DATA_DIR`` setting, ``output`` by default.

    Without ``settings``, the project's settings (found from the current folder, as ``scrapy``
    does), so the console script and ``scrapy check-data`` check the same tree.
    """
    if settings is None:
        from scrapy.utils.project import get_project_settings

        settings = get_project_settings()
    return str(settings.get("PYVIDEO_DATA_DIR") or "output")


def run(opts: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run a check from parsed options; returns the exit status: 1 when an error (a rule the
    data repo's CI enforces) fires, 0 with only warnings and style findings, 2 on a usage
    error."""
    only = [r.strip() for r in opts.only.split(",") if r.strip()] if opts.only else None
    unknown = sorted(set(only or ()) - set(RULES))
    if unknown:
        sys.stderr.write(f"unknown rule(s): {', '.join(unknown)}; known: {', '.join(RULES)}\n")
        return 2
    if opts.path is None:
        opts.path = default_data_dir()
    if not Path(opts.path).is_dir():
        sys.stderr.write(f"not a directory: {opts.path}\n")
        return 2
    report = check_tree(opts.path, fix=opts.fix, only=only, jobs=opts.jobs)
    out = out or sys.stdout
    if opts.format == "json":
        report.write_json(out, quiet=opts.quiet)
    else:
        report.write_text(out, quiet=opts.quiet)
    return report.exit_status


def main(argv: Sequence[str] | None = None) -> int:
    """Console script ``pyvideo-check-data``."""
    parser = argparse.ArgumentParser(
        prog="pyvideo-check-data",
        description="Check a pyvideo-data tree against FORMAT.md and stricter review rules.",
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
