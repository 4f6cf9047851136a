"""Write: the event folder, merged into what is already there, byte-stable.

``PYVIDEO_DATA_DIR/<event>/category.json`` and ``videos/<slug>.json`` in the data repo's canonical
serialization. A record whose video the folder already holds is updated only by filling fields
that are missing or empty, so hand fixes survive re-crawls; ``PYVIDEO_UPDATE_FIELDS`` names
fields a volunteer explicitly wants refreshed from the source. Nothing is ever deleted.

Safe under every fault: each file is written to a temporary file beside it, synced and renamed by
``scrapers.domain.datatree.write_text`` (a kill leaves the old file or the new one, never half of
one; the leftover ``.tmp-*`` file is not a record and the next crawl removes it). A disk full or an
unwritable folder fails the crawl with one line naming the file; a malformed record or
``category.json`` in the event folder, or a read-only file, is reported and left exactly as it is,
and nothing is written into that folder. Every path is built by
``scrapers.domain.datatree.tree_path``, inside the tree.
"""

from __future__ import annotations

import datetime as dt
import json
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

from scrapers.domain.datatree import (
    EVENT_SLUG_RE,
    TMP_PREFIX,
    ReadOnlyFile,
    TreeError,
    WriteError,
    is_record_file,
    json_problem,
    safe_slug,
    sync_folder,
    tree_path,
    video_keys,
    write_text,
)
from scrapers.domain.record import MAX_NAME_BYTES, canonical_json, file_slug, slugify
from scrapers.extensions import data_tree
from scrapers.items import Event, Record
from scrapers.pipeline import EventPipeline

WRITE_THREADS = 8  # files written at once: each waits on its sync, not on the processor


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def merge(existing: dict[str, Any], new: dict[str, Any], update: set[str]) -> dict[str, Any]:
    """Fill what is missing or empty in ``existing``; overwrite only the ``update`` fields."""
    merged = dict(existing)
    for key, value in new.items():
        if key == "slug":
            continue  # a file keeps its own identity
        wanted = key in update or is_empty(merged.get(key))
        if wanted and not is_empty(value):
            merged[key] = value
    return merged


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the temporary files a killed crawl left in the event folder (under the lock)."""
    removed = []
    for pattern in (f"{TMP_PREFIX}*", f"videos/{TMP_PREFIX}*"):
        for path in sorted(folder.glob(pattern)):
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(path)
    return removed


def sort_key(record: Record) -> tuple[str, str, str]:
    """Deterministic order, so repeated titles get the same suffixes on every run."""
    data = record.data
    return (data.get("recorded") or "", data.get("title", "").lower(), record.video_key)


class WritePipeline(EventPipeline):
    def process_event(self, event: Event) -> None:
        if not event.records:
            self.logger.warning(
                "%s: no record to write; the data tree is left as it is", event.slug
            )
            return
        root = Path(self.settings.get("PYVIDEO_DATA_DIR") or "output")
        counts = {"written": 0, "updated": 0, "unchanged": 0}
        tree = data_tree(self.crawler)
        pending = sorted(event.records, key=sort_key)  # what is not yet written nor skipped
        try:
            problem = safe_slug(event.slug)
            if problem:
                raise TreeError(f"{problem}; nothing written")
            folder = tree_path(root, event.slug)
            if not folder.exists() and not EVENT_SLUG_RE.fullmatch(event.slug):
                # FORMAT.md check 1: a new event folder uses only letters, digits and '-'
                # (an existing legacy folder such as python_porto may still be updated)
                raise TreeError(
                    f"the event slug {event.slug!r} has a '_' the data repo refuses in a new "
                    "event folder: use '-'; nothing written"
                )
            tree.lock()
            blocked = tree.index.blocked
            self.check_folder(folder)
            for path in remove_leftovers(folder):
                self.logger.info("%s: removed %s, left by an interrupted crawl", event.slug, path)
            self.write_records(event, root, folder, blocked, pending, counts)
            self.write_category(event, root, folder)
        except (TreeError, WriteError) as exc:
            self.fail(event, str(exc), pending)
        finally:
            tree.unlock()
            for what, count in counts.items():
                self.inc(f"records/{what}", count)
        self.logger.info(
            "%s: %d written, %d updated, %d unchanged in %s",
            event.slug,
            counts["written"],
            counts["updated"],
            counts["unchanged"],
            root / event.slug,
        )

    def write_records(
        self,
        event: Event,
        root: Path,
        folder: Path,
        blocked: set[str],
        pending: list[Record],
        counts: dict[str, int],
    ) -> None:
        """Merge into the files that hold the videos, create the others; count each record.

        ``pending`` loses each record once it is counted, so after a failure it holds exactly
        the records that were not written. What goes into each file is decided here, in order;
        the files themselves are written by WRITE_THREADS threads (each file synced before its
        rename, the folder once at the end, also after a failure): a sync waits on the disk, not
        the processor, and one after another they were most of a 1,000-record event's writing.
        """
        update = set(self.settings.getlist("PYVIDEO_UPDATE_FIELDS"))
        by_key, used_slugs, used_files = self.existing(folder)
        renamed: set[Path] = set()  # folders a file was renamed into
        writes: list[tuple[Record, str, Path, Future[bool]]] = []
        in_flight: dict[Path, Future[bool]] = {}
        with ThreadPoolExecutor(WRITE_THREADS, thread_name_prefix="write") as pool:
            try:
                while pending:
                    record = pending[0]
                    if record.video_key in blocked:
                        # dedupe leaves these out; checked again here, where the bytes are written
                        event.skip(record.label, "NO_PUBLISH", "its id is in NO_PUBLISH.json")
                        self.inc("skipped/NO_PUBLISH")
                        pending.pop(0)
                        continue
                    path = by_key.get(record.video_key)
                    if path is not None:
                        if path in in_flight:  # this crawl's own file: read it once written
                            wait([in_flight[path]])
                        old = json.loads(path.read_text(encoding="utf-8"))
                        merged = merge(old, record.data, update)
                        if merged == old:
                            counts["unchanged"] += 1
                            pending.pop(0)
                            continue
                        text, kind = canonical_json(merged), "updated"
                    else:
                        data = dict(record.data)
                        name = self.free_name(data, used_slugs, used_files)
                        path = tree_path(root, event.slug, "videos", f"{name}.json")
                        by_key[record.video_key] = path
                        text, kind = canonical_json(data), "written"
                    future = pool.submit(write_text, path, text, sync=False)
                    in_flight[path] = future
                    writes.append((record, kind, path, future))
                    pending.pop(0)
            finally:
                failure = self._account(event, writes, renamed, pending, counts)
                for changed in sorted(renamed):
                    sync_folder(changed)
        if failure is not None:
            raise failure

    def _account(
        self,
        event: Event,
        writes: list[tuple[Record, str, Path, Future[bool]]],
        renamed: set[Path],
        pending: list[Record],
        counts: dict[str, int],
    ) -> WriteError | None:
        """Count the files written, in order, once all are done; the first failure, if any (its
        record and the others that failed go back to ``pending``). A read-only file fails only
        itself: reported, skipped, and the crawl still fails."""
        failed: WriteError | None = None
        unwritten: list[Record] = []
        for record, kind, path, future in writes:
            try:
                if future.result():
                    renamed.add(path.parent)
                counts[kind] += 1
            except ReadOnlyFile as exc:
                self.logger.error("%s: %s", event.slug, exc)
                if self.stats is not None:
                    self.stats.set_value("pyvideo/failed", str(exc))
                event.skip(record.label, "not written", str(exc))
                self.inc("skipped/not written")
            except WriteError as exc:
                failed = failed or exc
                unwritten.append(record)
        pending[:0] = unwritten
        return failed

    @staticmethod
    def check_folder(folder: Path) -> None:
        """TreeError when a record or category.json of the event folder is malformed.

        Such a file may hold one of this crawl's videos under a hand-fixed title: writing
        beside it would duplicate the talk, and rewriting it would lose the fix. So it is
        left exactly as it is and nothing is written into the folder until a human fixes it.
        """
        problems = []
        category = folder / "category.json"
        if category.exists():
            problems.append(json_problem(category))
        for path in sorted((folder / "videos").glob("*.json")):
            if is_record_file(path):
                problems.append(json_problem(path))
        found = [p for p in problems if p]
        if found:
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            raise TreeError(f"{found[0]}{more}; fix it by hand: nothing written in {folder}")

    def fail(self, event: Event, message: str, pending: list[Record]) -> None:
        """One line naming the file, the crawl marked failed (exit 1), every record accounted."""
        self.logger.error("%s: %s", event.slug, message)
        if self.stats is not None:
            self.stats.set_value("pyvideo/failed", message)
        for record in pending:  # none is lost silently: the summary counts them
            event.skip(record.label, "not written", "see the error above")
        self.inc("skipped/not written", len(pending))
        pending.clear()

    @staticmethod
    def existing(folder: Path) -> tuple[dict[str, Path], set[str], set[str]]:
        """Video keys, effective slugs and file names already in the event folder."""
        by_key: dict[str, Path] = {}
        slugs: set[str] = set()
        files: set[str] = set()
        for path in sorted((folder / "videos").glob("*.json")):
            if not is_record_file(path):
                continue
            files.add(path.stem)
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                continue
            slugs.add(data.get("slug") or slugify(data.get("title", "")))
            for key in video_keys(data):
                by_key.setdefault(key, path)
        return by_key, slugs, files

    @staticmethod
    def free_name(data: dict[str, Any], used_slugs: set[str], used_files: set[str]) -> str:
        """A file name and slug unique in the event; repeated titles get ``-2``, ``-3``..."""
        title = data.get("title", "")
        effective, name = slugify(title), file_slug(title)
        if effective not in used_slugs and name not in used_files:
            used_slugs.add(effective)
            used_files.add(name)
            return name
        n = 2
        base = file_slug(title, limit=MAX_NAME_BYTES - len(".json") - 4)
        while f"{base}-{n}" in used_slugs or f"{base}-{n}" in used_files:
            n += 1
        name = f"{base}-{n}"
        data["slug"] = name
        used_slugs.add(name)
        used_files.add(name)
        return name

    def write_category(self, event: Event, root: Path, folder: Path) -> None:
        """category.json: created with title and dates; an existing one only gains missing keys."""
        path = tree_path(root, event.slug, "category.json")
        new: dict[str, Any] = {"title": event.title}
        for key in ("start_date", "end_date"):
            value = getattr(event, key)
            if isinstance(value, dt.date):
                new[key] = value.isoformat()
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        merged = merge(old, new, set())
        if merged != old or not path.exists():
            write_text(path, canonical_json(merged))
