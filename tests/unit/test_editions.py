"""Editions without code: a local checkout (``-a source=``), a year given by arguments, a site's
earlier generator under the same spider name, and one-line argument errors.

The local checkout is rebuilt from a golden case's recording (every raw file at its repository
path), so these tests need nothing outside the project.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any, ClassVar

import pytest
from scrapy.utils.test import get_crawler

from scrapers.items import Event
from scrapers.platforms.base import ConferenceSpider, ConfigError, Edition
from scrapers.platforms.sitedata import SiteDataSpider, SourceFile
from scrapers.tooling.crawlcmd import PROJECT, child_env, crawl_command
from scrapers.tooling.golden import RECORDINGS, CrawlResult, in_process, tree_files
from spiders.djangocon_us import DjangoconUsSpider
from tests.recorded import checkout

CASE = RECORDINGS / "djangocon-us-2023"
LATEST_LAYOUT = RECORDINGS / "djangocon-us-2024"


def tree(root: Path) -> dict[str, str]:
    return {"PYVIDEO_DATA_DIR": str(root / "data"), "PYVIDEO_REPORT_DIR": str(root / "r")}


def crawl(args: dict[str, str], root: Path) -> CrawlResult:
    """``scrapy crawl djangocon-us -a ...`` into ``root``, in this process."""
    return in_process().crawl("djangocon-us", args, tree(root))


def test_local_checkout_writes_what_the_recorded_crawl_writes(tmp_path: Path) -> None:
    source = checkout(CASE, tmp_path / "site")
    result = crawl({"year": "2023", "source": str(source)}, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    expected = tree_files(CASE / "expected" / "data")
    written = tree_files(tmp_path / "data")
    assert sorted(written) == sorted(expected)
    assert all(written[k].read_bytes() == expected[k].read_bytes() for k in expected)


def test_a_year_not_in_the_table_runs_from_arguments(tmp_path: Path) -> None:
    # The new edition reads the latest edition's layout (11ty since 2024).
    source = checkout(LATEST_LAYOUT, tmp_path / "site")
    args = {
        "year": "2022",
        "event": "djangocon-us-2022",
        "title": "DjangoCon US 2022",
        "start": "2024-09-22",
        "end": "2024-09-27",
        "timezone": "America/Chicago",
        "source": str(source),
    }
    result = crawl(args, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    category = json.loads((tmp_path / "data/djangocon-us-2022/category.json").read_text())
    assert category["title"] == "DjangoCon US 2022"
    expected = len(list((LATEST_LAYOUT / "expected/data/djangocon-us-2024/videos").glob("*.json")))
    assert len(list((tmp_path / "data/djangocon-us-2022/videos").glob("*.json"))) == expected


def test_read_local_lists_folders_sorted_and_names_bad_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "talks" / "b").mkdir(parents=True)
    (tmp_path / "talks" / "b" / "2.md").write_text("two", encoding="utf-8")
    (tmp_path / "talks" / "1.md").write_text("one", encoding="utf-8")
    (tmp_path / "talks" / "notes.txt").write_text("not read", encoding="utf-8")
    (tmp_path / "talks" / "3.md").write_bytes(b"\xff\xfe bad")
    (tmp_path / "index.json").write_text("[]", encoding="utf-8")
    spider = DjangoconUsSpider(year="2023", source=str(tmp_path), paths="index.json,talks/,gone/")
    read = spider.read_local(tmp_path)
    assert [(f.path, f.text) for f in read] == [
        ("index.json", "[]"),
        ("talks/1.md", "one"),
        ("talks/b/2.md", "two"),
    ]
    assert all(isinstance(f, SourceFile) for f in read)
    messages = "\n".join(r.getMessage() for r in caplog.records)
    assert "no folder gone/" in messages
    assert "talks/3.md: not UTF-8" in messages


def test_edition_from_arguments_carries_the_latest_options_with_the_new_year() -> None:
    spider = DjangoconUsSpider(
        year="2031",
        event="djangocon-us-2031",
        title="DjangoCon US 2031",
        start="2031-09-08",
        end="2031-09-12",
        timezone="America/Chicago",
        sha="main",
    )
    latest = DjangoconUsSpider.editions[max(DjangoconUsSpider.editions)]
    assert spider.edition.slug == "djangocon-us-2031"
    assert spider.edition.opt("sha") == "main"
    year = str(max(DjangoconUsSpider.editions))
    assert spider.edition.opt("repo") == latest.opt("repo").replace(year, "2031")
    assert spider.edition.url == (latest.url or "").replace(year, "2031")


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"year": "1999"}, "known years"),
        ({"year": "1999", "event": "x-1999"}, "-a title=... -a start=... -a end=..."),
        ({"year": "soon"}, "is not a year"),
        (
            {
                "year": "2031",
                "event": "djangocon-us-2031",
                "title": "T",
                "start": "2031-09-08",
                "end": "2031-09-12",
                "timezone": "America/Chicago",
            },
            "-a source=<folder>",
        ),
        ({"year": "2023", "source": "/no/such/folder"}, "is not a folder"),
    ],
)
def test_argument_errors_name_what_is_missing(kwargs: dict[str, str], says: str) -> None:
    with pytest.raises(ConfigError, match="djangocon-us") as info:
        DjangoconUsSpider(**kwargs)
    assert says in str(info.value)


def test_argument_error_is_one_line_and_exit_status_1(tmp_path: Path) -> None:
    """The command line itself, in a child process: what a volunteer sees."""
    cmd = crawl_command("djangocon-us", {"year": "1999"}, tree(tmp_path))
    proc = subprocess.run(
        cmd, cwd=PROJECT, env=child_env(), capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines[-1].startswith("error: djangocon-us: no edition for year 1999")
    assert not (tmp_path / "data").exists()


# -- a site's earlier generator under the same spider name ---------------------------------


class OldSite(SiteDataSpider):
    """A nameless class: the earlier generation's editions."""

    editions: ClassVar[dict[int, Edition]] = {
        2020: Edition(
            slug="conf-2020",
            title="Conf 2020",
            options={"repo": "o/r", "sha": "1", "paths": ("a.json",)},
        )
    }

    def parse_files(self, event: Event, files: list[SourceFile]) -> None:  # pragma: no cover
        pass


class NewSite(SiteDataSpider):
    name = "conf"
    editions: ClassVar[dict[int, Edition]] = {
        2026: Edition(
            slug="conf-2026",
            title="Conf 2026",
            options={"repo": "o/r", "sha": "2", "paths": ("b/",)},
        )
    }
    generations = (OldSite,)

    def parse_files(self, event: Event, files: list[SourceFile]) -> None:  # pragma: no cover
        pass


@pytest.mark.parametrize(
    ("year", "cls", "slug"),
    [("2020", OldSite, "conf-2020"), ("2026", NewSite, "conf-2026"), (None, NewSite, "conf-2026")],
)
def test_generations_pick_the_class_of_the_year(year: str | None, cls: type, slug: str) -> None:
    kwargs: dict[str, Any] = {} if year is None else {"year": year}
    spider = NewSite.from_crawler(get_crawler(NewSite), **kwargs)
    assert type(spider) is cls
    assert spider.name == "conf"
    assert spider.edition.slug == slug


def test_unknown_year_lists_every_generation() -> None:
    with pytest.raises(ConfigError, match="known years: 2020, 2026"):
        NewSite(year="2023")
    assert isinstance(NewSite.generation_for("2020")(name="conf", year="2020"), ConferenceSpider)
