"""What the data tree the crawl writes into already holds: videos, blocked ids, speaker names.

Built once per crawl by the ``DataTree`` extension and shared by the pipelines through
``crawler.get_extension(DataTree)``, so a 17,000-record checkout is read once, not per pipeline.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from scrapers.youtube import video_id as youtube_id

logger = logging.getLogger(__name__)


def video_keys(record: dict[str, Any]) -> list[str]:
    """Identity keys of a record's videos: ``youtube:<id>`` for any YouTube URL, else the URL."""
    keys = []
    for video in record.get("videos") or []:
        url = (video or {}).get("url") or ""
        vid = youtube_id(url)
        keys.append(f"youtube:{vid}" if vid else f"{video.get('type', 'url')}:{url}")
    return keys


def iter_records(root: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every ``<event>/videos/*.json`` under root, parsed; unreadable files are reported."""
    for path in sorted(root.glob("*/videos/*.json")):
        try:
            yield path, json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            logger.warning("data tree: cannot read %s: %s", path, exc)


@dataclass
class TreeIndex:
    """Where each video already is, and which videos must never be published again."""

    root: Path
    videos: dict[str, Path] = field(default_factory=dict)  # video key -> record file
    blocked: set[str] = field(default_factory=set)  # video keys of NO_PUBLISH ids
    records: int = 0

    @classmethod
    def build(cls, root: Path) -> TreeIndex:
        """Scan the tree once; an absent tree is simply empty."""
        index = cls(root=root)
        no_publish: set[int] = set()
        np_path = root / "NO_PUBLISH.json"
        if np_path.exists():
            try:
                no_publish = {int(i) for i in json.loads(np_path.read_text(encoding="utf-8"))}
            except (ValueError, TypeError) as exc:
                logger.warning("data tree: cannot read %s: %s", np_path, exc)
        for path, record in iter_records(root):
            index.records += 1
            keys = video_keys(record)
            for key in keys:
                index.videos.setdefault(key, path)
            if record.get("id") in no_publish:
                index.blocked.update(keys)
        return index

    def where(self, key: str) -> Path | None:
        """The record file that already holds this video, if any."""
        return self.videos.get(key)


class DataTree:
    """Extension holding the crawl's view of ``PYVIDEO_DATA_DIR`` (built lazily, once)."""

    def __init__(self, crawler: Crawler) -> None:
        self.root = Path(crawler.settings.get("PYVIDEO_DATA_DIR") or "output")
        self._index: TreeIndex | None = None
        self._names: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DataTree:
        return cls(crawler)

    @property
    def index(self) -> TreeIndex:
        if self._index is None:
            self._index = TreeIndex.build(self.root)
            logger.info("data tree %s: %d records indexed", self.root, self._index.records)
        return self._index

    @property
    def names(self) -> Any:
        """The speaker-name index of the tree (scrapers.names.NameIndex)."""
        if self._names is None:
            from scrapers.names import NameIndex

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
