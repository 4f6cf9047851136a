"""What the data tree the crawl writes into already holds: videos, blocked ids, speaker names.

Built once per crawl by the ``DataTree`` extension and shared by the pipelines through
``crawler.get_extension(DataTree)``, so a 17,000-record checkout is read once, not per pipeline.

Also the tree's safety rules, in one place: which event slugs are a safe folder name
(``safe_slug``), the one function that builds a path inside the tree (``tree_path``: resolved and
checked, so nothing is ever written outside ``PYVIDEO_DATA_DIR``), which files are records
(never the writer's ``.tmp-*`` leftovers), and the lock that keeps two crawls from writing the
same video twice (held from the index build to the end of writing).
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import re
import secrets
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapers.videohosts.urls import video_id as youtube_id

logger = logging.getLogger(__name__)

TMP_PREFIX = ".tmp-"  # the writer's temporary files: never records, removed by the next crawl
SLUG_RE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
# The data repo's rule for an event folder name (FORMAT.md check 1; check-data's event-slug)
EVENT_SLUG_RE = re.compile(r"[A-Za-z0-9-]+")
MAX_SLUG_BYTES = 139  # scrapers.domain.record.MAX_NAME_BYTES: names shorter than 140 bytes


class TreeError(Exception):
    """The data tree cannot be written safely; the message names the file to fix."""


def safe_slug(slug: str) -> str | None:
    """Why ``slug`` is not a safe event folder name (one segment of ``a-z0-9-_``), or None.

    Checked before anything is written: ``../x``, ``/abs``, ``a/b``, spaces or non-ASCII would
    put files outside the event's folder, or name a folder the data repo does not accept.
    """
    if not isinstance(slug, str) or not slug:
        return "the event slug is empty"
    if len(slug.encode()) > MAX_SLUG_BYTES:
        return f"the event slug is longer than {MAX_SLUG_BYTES} bytes"
    if not SLUG_RE.fullmatch(slug):
        return (
            f"the event slug {slug!r} is not one folder name: use lowercase ASCII letters, "
            "digits and single '-' or '_' between them (e.g. pycon-us-2024)"
        )
    return None


def tree_path(root: Path, *parts: str) -> Path:
    """``root/parts...``, resolved; TreeError unless it is strictly inside ``root``.

    The one place a path into the tree is built: every file the crawl writes goes through it,
    so a slug or title that slipped past the other checks still cannot leave the tree.
    """
    base = Path(root).resolve()
    for part in parts:
        if not part or part in (".", "..") or "/" in part or "\\" in part or "\0" in part:
            raise TreeError(f"refusing to write outside {root}: unsafe name {part!r}")
    path = base.joinpath(*parts).resolve()
    if path == base or not path.is_relative_to(base):
        raise TreeError(f"refusing to write outside {root}: {path}")
    return path


def is_record_file(path: Path) -> bool:
    """A record is ``videos/<name>.json``; hidden files (the writer's temp files) are not."""
    return path.suffix == ".json" and not path.name.startswith(".")


def json_problem(path: Path) -> str | None:
    """Why ``path`` is not a readable JSON object, as ``file:line:column: reason`` (or None)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return f"{path}:{exc.lineno}:{exc.colno}: malformed JSON: {exc.msg}"
    except (OSError, UnicodeDecodeError) as exc:
        return f"{path}: cannot read: {exc}"
    if not isinstance(data, dict):
        return f"{path}:1: not a JSON object"
    return None


URL_RE = re.compile(r'"url"\s*:\s*"([^"\\]+)"')


def raw_video_keys(text: str) -> list[str]:
    """Video keys of the URLs a malformed record still spells out (so it is not duplicated)."""
    keys = []
    for url in URL_RE.findall(text):
        vid = youtube_id(url)
        if vid:
            keys.append(f"youtube:{vid}")
    return keys


def video_keys(record: dict[str, Any]) -> list[str]:
    """Identity keys of a record's videos: ``youtube:<id>`` for any YouTube URL, else the URL."""
    keys = []
    for video in record.get("videos") or []:
        url = (video or {}).get("url") or ""
        vid = youtube_id(url)
        keys.append(f"youtube:{vid}" if vid else f"{video.get('type', 'url')}:{url}")
    return keys


def iter_records(
    root: Path, unreadable: dict[Path, str] | None = None
) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every ``<event>/videos/*.json`` under root, parsed; unreadable files are reported.

    Temporary files a killed crawl left behind are not records. An unreadable record is
    reported with its line and left as it is; ``unreadable`` (when given) collects them.
    """
    for path in sorted(root.glob("*/videos/*.json")):
        if not is_record_file(path):
            continue
        problem = json_problem(path)
        if problem:
            logger.warning("data tree: %s; the file is left as it is: fix it by hand", problem)
            if unreadable is not None:
                unreadable[path] = problem
            continue
        yield path, json.loads(path.read_text(encoding="utf-8"))


def read_no_publish(root: Path) -> set[int]:
    """The ids of ``NO_PUBLISH.json``; TreeError (naming the file and line) when malformed.

    Fails closed: a list that cannot be read could hide an id that must never be published.
    """
    path = root / "NO_PUBLISH.json"
    if not path.exists():
        return set()
    fix = "fix it before crawling: nothing was written"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise TreeError(
            f"{path}:{exc.lineno}:{exc.colno}: malformed JSON ({exc.msg}); {fix}"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise TreeError(f"{path}: cannot read ({exc}); {fix}") from exc
    if not isinstance(data, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in data
    ):
        raise TreeError(f"{path}: not a JSON list of record ids (integers); {fix}")
    return set(data)


@dataclass
class TreeIndex:
    """Where each video already is, and which videos must never be published again."""

    root: Path
    videos: dict[str, Path] = field(default_factory=dict)  # video key -> record file
    blocked: set[str] = field(default_factory=set)  # video keys of NO_PUBLISH ids
    records: int = 0
    unreadable: dict[Path, str] = field(default_factory=dict)  # malformed record -> problem

    @classmethod
    def build(cls, root: Path) -> TreeIndex:
        """Scan the tree once; an absent tree is simply empty. TreeError: bad NO_PUBLISH.json."""
        index = cls(root=root)
        no_publish = read_no_publish(root)
        for path, record in iter_records(root, index.unreadable):
            index.records += 1
            keys = video_keys(record)
            for key in keys:
                index.videos.setdefault(key, path)
            if record.get("id") in no_publish:
                index.blocked.update(keys)
        for path in index.unreadable:
            # a malformed record still holds its video: do not write that video a second time
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            for key in raw_video_keys(text):
                index.videos.setdefault(key, path)
        return index

    def where(self, key: str) -> Path | None:
        """The record file that already holds this video, if any."""
        return self.videos.get(key)


# --------------------------------------------------------------------------- atomic files


class WriteError(Exception):
    """A file could not be written; the message names it (one line for the volunteer)."""


class ReadOnlyFile(WriteError):
    """A file someone made read-only: refused, and the other records are still written."""


def write_text(path: Path, text: str, *, sync: bool = True) -> bool:
    """Write atomically and durably, only when the bytes change; True when written.

    The temporary file gets the mode a new file gets (0644 under the usual umask) or the mode
    of the file it replaces, is synced before the rename, and is removed on any failure, so
    neither an empty nor a partial file is ever left. A read-only file is refused (WriteError),
    not silently replaced: someone protected it on purpose.

    ``sync=False`` leaves syncing the folder (what makes the rename itself durable) to the
    caller: a writer of many files in one folder calls :func:`sync_folder` once at the end
    (a folder sync per file was a third of the write step's CPU and half its wall time).
    """
    data = text.encode("utf-8")
    try:
        st = path.lstat()
    except FileNotFoundError:
        st = None
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise WriteError(f"{path}: not a regular file; left as it is")
        if path.read_bytes() == data:
            return False
        if not st.st_mode & stat.S_IWUSR:
            raise ReadOnlyFile(f"{path}: read-only; left as it is (make it writable to update it)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{path.parent}: cannot create the folder: {describe(exc)}") from exc
    tmp = path.parent / f"{TMP_PREFIX}{secrets.token_hex(6)}.json"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {describe(exc)}") from exc
    try:
        try:
            if st is not None:
                os.fchmod(fd, stat.S_IMODE(st.st_mode))
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WriteError(f"{path}: cannot write: {describe(exc)}") from exc
    if sync:
        sync_folder(path.parent)
    return True


def describe(exc: OSError) -> str:
    """``No space left on device`` rather than a traceback."""
    return exc.strerror or errno.errorcode.get(exc.errno or 0, "") or str(exc)


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every file system syncs folders)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
