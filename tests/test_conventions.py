"""The convention check over the project's spiders, and proof that it (and the smoke test and
the network guard) catch a deliberately broken spider: a check that cannot fail is no check."""

from __future__ import annotations

import ast
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from scrapers.commands.newspider import Spec, edition_block, insert_edition, render_spider
from scrapers.platforms.base import ConfigError
from scrapers.tooling.conventions import check
from scrapers.tooling.golden import PROJECT, cases
from tests.conftest import NetworkBlocked, NetworkGuard
from tests.test_spiders import KNOWN_GAPS, SETTINGS, smoke_problems

GOOD = '''
"""Good Conf: a pretalx schedule.

Conference: https://good.example (Nowhere, 2024).
Platform: ``PretalxSpider``.
Caveats: none known.
"""

import datetime as dt

from scrapers.platforms.base import Edition
from scrapers.platforms.pretalx import PretalxSpider


class GoodConfSpider(PretalxSpider):
    name = "good-conf"
    editions = {
        2024: Edition(
            slug="good-conf-2024",
            title="Good Conf 2024",
            start_date=dt.date(2024, 5, 1),
            end_date=dt.date(2024, 5, 2),
            timezone="Europe/Paris",
            options={"pretalx_url": "https://cfp.good.example", "pretalx_event": "good-2024"},
        ),
    }
'''
# Every rule broken at least once; each module is one mistake a contributor makes.
BROKEN = {
    "misnamed": GOOD.replace("class GoodConfSpider", "class WrongSpider"),
    "bad-doc": GOOD.replace("Caveats: none known.\n", "")
    .replace('name = "good-conf"', 'name = "bad-doc"')
    .replace("GoodConfSpider", "BadDocSpider"),
    "bad-edition": GOOD.replace('name = "good-conf"', 'name = "bad-edition"')
    .replace("GoodConfSpider", "BadEditionSpider")
    .replace('"good-conf-2024"', '"Good Conf"')
    .replace("dt.date(2024, 5, 1)", "dt.date(2024, 6, 1)")
    .replace('"Europe/Paris"', '"Mars/Olympus"'),
    "no-options": GOOD.replace('name = "good-conf"', 'name = "no-options"')
    .replace("GoodConfSpider", "NoOptionsSpider")
    .replace('"pretalx_event": "good-2024"', ""),
    "todo-left": GOOD.replace('name = "good-conf"', 'name = "todo-left"')
    .replace("GoodConfSpider", "TodoLeftSpider")
    .replace("Caveats: none known.", "Caveats: TODO"),
    "two-spiders": GOOD.replace('name = "good-conf"', 'name = "two-spiders"').replace(
        "GoodConfSpider", "TwoSpidersSpider"
    )
    + "\n\nclass OtherSpider(TwoSpidersSpider):\n    name = 'other'\n",
    "not-recorded": GOOD.replace('name = "good-conf"', 'name = "not-recorded"')
    .replace("GoodConfSpider", "NotRecordedSpider")
    .replace("good-conf-2024", "not-recorded-2024"),
}
EXPECTED = {
    "misnamed.py": {"name", "class-name"},  # named good-conf, whose case exists
    "bad_doc.py": {"docstring", "recording"},
    "bad_edition.py": {"edition", "recording"},
    "no_options.py": {"import"},  # PretalxSpider's own __init_subclass__ check
    "todo_left.py": {"todo", "recording"},
    "two_spiders.py": {"one-spider"},
    "not_recorded.py": {"recording"},
}


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A SPIDER_MODULES package with one good and several broken spiders, and a recordings tree
    in which only the good spider has its golden case."""
    pkg = tmp_path / "brokenspiders"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "good_conf.py").write_text(GOOD.lstrip())
    for name, source in BROKEN.items():
        (pkg / f"{name.replace('-', '_')}.py").write_text(source.lstrip())
    case = tmp_path / "recordings" / "good-conf-2024"
    (case / "expected" / "data").mkdir(parents=True)
    (case / "expected" / "data" / "category.json").write_text("{}\n")
    (case / "case.json").write_text(json.dumps({"spider": "good-conf", "args": {"year": "2024"}}))
    url = "https://cfp.good.example/api/events/good-2024/submissions/?expand=slots%2Cslots.room%2Cspeakers%2Csubmission_type%2Ctrack%2Cresources"
    index = {
        "format": "pyvideo-scrapers recording v1",
        "entries": [{"body": "bodies/a.json", "method": "GET", "status": 200, "url": url}],
    }
    (case / "index.json").write_text(json.dumps(index))
    (case / "bodies").mkdir()
    (case / "bodies" / "a.json").write_text("{}")
    monkeypatch.syspath_prepend(str(tmp_path))
    for mod in [m for m in sys.modules if m.startswith("brokenspiders")]:
        monkeypatch.delitem(sys.modules, mod)
    return tmp_path


def test_project_spiders_follow_conventions():
    problems = check(SETTINGS.getlist("SPIDER_MODULES"))
    gaps = {f"spiders/{name.replace('-', '_')}.py" for name, _ in KNOWN_GAPS}
    unexpected = [str(p) for p in problems if not (p.rule == "recording" and p.where in gaps)]
    assert unexpected == []


def test_check_reports_each_broken_spider(package: Path):
    problems = check(["brokenspiders"], root=package / "recordings")
    found: dict[str, set[str]] = {}
    for p in problems:
        found.setdefault(Path(p.where).name, set()).add(p.rule)
    assert found == EXPECTED, "\n".join(map(str, problems))
    edition = [p.message for p in problems if p.rule == "edition"]
    assert any("'Good Conf'" in m for m in edition)
    assert any("after end_date" in m for m in edition)
    assert any("Mars/Olympus" in m for m in edition)
    assert any("Caveats" in p.message for p in problems if p.rule == "docstring")


def test_only_the_files_given_are_checked(package: Path):
    only = [package / "brokenspiders" / "good_conf.py"]
    assert check(["brokenspiders"], files=only, root=package / "recordings") == []


def test_smoke_test_fails_on_broken_spiders(package: Path):
    settings = Settings({"SPIDER_MODULES": ["brokenspiders"]})
    with pytest.raises(ConfigError):  # `scrapy list` itself fails on a platform's import check
        SpiderLoader.from_settings(settings)
    (package / "brokenspiders" / "no_options.py").unlink()
    loader = SpiderLoader.from_settings(settings)
    root = package / "recordings"
    known = cases(root)
    assert smoke_problems(loader, "good-conf", 2024, known, root) == []
    assert smoke_problems(loader, "bad-edition", 2024, known, root)[0].startswith("edition 2024")
    assert smoke_problems(loader, "not-recorded", 2024, known, root) == [
        "edition 2024 has no golden case"
    ]
    assert smoke_problems(loader, "good-conf", None, known, root) == [
        "generic spider: add its sample arguments to SAMPLE_ARGS"
    ]
    # a recording that lacks the spider's first request
    (root / "good-conf-2024" / "index.json").write_text('{"entries": []}')
    assert "is not in tests/recordings" in smoke_problems(loader, "good-conf", 2024, known, root)[0]


def test_conventions_command_exit_status(package: Path):
    def run(*files: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "scrapy", "conventions", "-s", "SPIDER_MODULES=brokenspiders"]
        env = {"PYTHONPATH": f"{package}:{PROJECT}", "PATH": "/usr/bin:/bin"}
        return subprocess.run([*cmd, *files], cwd=PROJECT, env=env, capture_output=True, text=True)

    bad = run(str(package / "brokenspiders" / "misnamed.py"))
    assert bad.returncode == 1, bad.stderr
    assert "misnamed.py: class-name: class WrongSpider should be GoodConfSpider" in bad.stdout
    assert "problem(s) in 1 file(s)" in bad.stdout


def test_network_guard_refuses_other_hosts(network_guard: NetworkGuard):
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("example.org", 80), timeout=1)
    with pytest.raises(NetworkBlocked):
        socket.socket().connect(("10.255.255.1", 80))
    assert len(network_guard.blocked) == 2
    network_guard.blocked.clear()  # the refusals above were the point of this test
    with socket.create_server(("127.0.0.1", 0)) as server:  # loopback stays allowed
        socket.create_connection(server.getsockname(), timeout=1).close()


def spec(**changes: object) -> Spec:
    values: dict = {
        "platform": "pretalx",
        "name": "rc3-channels",
        "year": 2021,
        "slug": "rc3-channels-2021",
        "title": "rC3 Channels 2021",
        "urls": ["https://pretalx.rc3.studio/rc3-2021/"],
        "options": {"pretalx_url": "https://pretalx.rc3.studio", "pretalx_event": "rc3-2021"},
    }
    return Spec(**{**values, **changes})  # type: ignore[arg-type]


def test_generated_spider_fails_conventions_until_its_todos_are_filled(package: Path):
    source = render_spider(spec())
    ast.parse(source)
    (package / "brokenspiders" / "rc3_channels.py").write_text(source)
    only = [package / "brokenspiders" / "rc3_channels.py"]
    rules = {p.rule for p in check(["brokenspiders"], files=only, root=package / "recordings")}
    assert rules == {"todo", "recording"}


def test_insert_edition_adds_one_year_to_an_existing_spider():
    source = (PROJECT / "spiders" / "pyohio.py").read_text("utf-8")
    options = {"repo": "pyohio/site", "sha": "0" * 40, "paths": ("2027/content/program/",)}
    edition = spec(name="pyohio", year=2027, slug="pyohio-2027", options=options)
    new = insert_edition(source, edition)
    assert new.count("Edition(") == source.count("Edition(") + 1
    namespace: dict = {}
    exec(compile(new, "pyohio.py", "exec"), namespace)
    assert sorted(namespace["PyohioSpider"].all_editions()) == [2024, 2025, 2026, 2027]
    # the new year goes to the named spider (the current site generation), not an earlier one
    assert sorted(namespace["PyohioSpider"].editions) == [2026, 2027]
    assert "2027: Edition(" in edition_block(spec(year=2027))
