"""The crawl's extensions: the data tree as one object per crawl, with its lock; start-up
objects kept out of the garbage collector's way.

``DataTree`` holds the crawl's view of ``PYVIDEO_DATA_DIR``: the index of what the tree
already holds (``scrapers.domain.datatree.TreeIndex``), built once under the tree lock, and the
speaker-name index. The pipelines reach it with ``data_tree(crawler)``.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from scrapers.domain.datatree import TreeError, TreeIndex

logger = logging.getLogger(__name__)


class DataTree:
    """Extension holding the crawl's view of ``PYVIDEO_DATA_DIR`` (built lazily, once)."""

    def __init__(self, crawler: Crawler) -> None:
        self.root = Path(crawler.settings.get("PYVIDEO_DATA_DIR") or "output")
        self.lock_timeout = crawler.settings.getfloat("PYVIDEO_LOCK_TIMEOUT", 600)
        self._index: TreeIndex | None = None
        self._names: Any = None
        self._lock_fd: int | None = None
        if crawler.signals is not None:
            from scrapy import signals

            crawler.signals.connect(self.unlock, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DataTree:
        return cls(crawler)

    @property
    def index(self) -> TreeIndex:
        """The tree's index, built under the tree lock (held until ``unlock``)."""
        if self._index is None:
            self.lock()
            self._index = TreeIndex.build(self.root)
            logger.info("data tree %s: %d records indexed", self.root, self._index.records)
        return self._index

    def lock(self) -> None:
        """Take the tree's lock (``flock`` on the tree folder itself: no lock file to commit).

        Held from the index build to the end of writing, so a second crawl into the same tree
        waits and then sees what the first one wrote instead of writing the same video again.
        """
        if self._lock_fd is not None:
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise TreeError(f"{self.root}: cannot use it as the data tree: {reason}") from exc
        deadline = time.monotonic() + self.lock_timeout
        waiting = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise TreeError(
                        f"{self.root}: another crawl has been writing into this data tree for "
                        f"{self.lock_timeout:.0f} s; run again when it has finished"
                    ) from None
                if not waiting:
                    logger.info("data tree %s: another crawl is writing; waiting", self.root)
                    waiting = True
                time.sleep(0.1)
        self._lock_fd = fd

    def unlock(self, *args: Any, **kwargs: Any) -> None:
        """Release the tree lock (end of writing; also when the spider closes)."""
        if self._lock_fd is not None:
            fd, self._lock_fd = self._lock_fd, None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        # the next writer must see what this crawl wrote: the index is rebuilt under the lock
        self._index = None

    @property
    def names(self) -> Any:
        """The speaker-name index of the tree (scrapers.domain.names.NameIndex)."""
        if self._names is None:
            from scrapers.domain.names import NameIndex

            self._names = NameIndex.from_tree(self.root)
        return self._names


def data_tree(crawler: Crawler) -> DataTree:
    """The crawl's DataTree extension; one made on the spot where the extension is not enabled."""
    try:
        ext = crawler.get_extension(DataTree)
    except RuntimeError:  # extension manager not created (a pipeline used outside a crawl)
        ext = None
    if ext is None:
        ext = crawler.__dict__.setdefault("_pyvideo_data_tree", DataTree(crawler))
    return ext


class FreezeStartupObjects:
    """Move the objects start-up created (modules, classes, compiled patterns: most of the
    heap) out of the garbage collector's reach when the spider opens (``gc.freeze``).

    They live until the process ends anyway; left in, every full collection walks them again,
    and a 1,000-talk crawl ran five of them (0.23 s of its 4.5 s of CPU).
    """

    def __init__(self, crawler: Crawler) -> None:
        from scrapy import signals

        crawler.signals.connect(self.freeze, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FreezeStartupObjects:
        return cls(crawler)

    def freeze(self) -> None:
        import gc

        # once per process: a process that runs several crawls (the in-process test runner)
        # would otherwise also freeze what the earlier crawls left for the collector
        if not gc.get_freeze_count():
            gc.freeze()
