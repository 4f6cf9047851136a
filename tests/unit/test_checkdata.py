"""Whole-tree check on small trees of real records (tests/data/checkdata, see its README)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scrapers.domain.validation import RULES, SEVERITIES
from scrapers.tooling import checkdata
from scrapers.tooling.checkdata import check_tree, main

DATA = Path(__file__).resolve().parents[1] / "data" / "checkdata"
CLEAN = DATA / "clean"
BROKEN = DATA / "broken"
ROOT = Path(__file__).resolve().parents[2]
AU = "djangocon-au-2017/videos"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A scratch copy: --fix must never touch the fixtures."""
    return Path(shutil.copytree(BROKEN, tmp_path / "tree"))


def pairs(report: checkdata.Report) -> set[tuple[str, str]]:
    return {(f.path, f.rule) for f in report.findings}


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_clean_tree_passes() -> None:
    report = check_tree(CLEAN)
    assert report.findings == []
    assert report.exit_status == 0
    assert main([str(CLEAN), "--quiet"]) == 0


EXPECTED = [
    # FORMAT.md checks (upstream CI)
    ("djangocon-us-2017/README.md", "layout"),
    ("python_porto", "event-slug"),
    (f"{AU}/schema.json", "schema"),
    (f"{AU}/json.json", "json"),
    (f"{AU}/id-1.json", "duplicate-id"),
    (f"{AU}/id-2.json", "duplicate-id"),
    (f"{AU}/lightning-talks-1.json", "duplicate-slug"),
    (f"{AU}/lightning-talks-2.json", "duplicate-slug"),
    ("pycon-es-2021/videos/sqlite-la-des-conocida-super-hormiga-pycones-2021.json", "rst"),
    (f"{AU}/language.json", "language"),
    (
        "pytexas-2017/videos/"
        "george-brocklehurst-what-is-this-machine-learning-thing-anyway-pytexas-2017.json",
        "speaker-alias",
    ),
    # what upstream CI misses
    (f"{AU}/serialization.json", "serialization"),
    ("djangocon-us-2017/videos/autopsy-of-a-slow-train-wreck.json", "speaker-variant"),
    ("pydata/videos/workshop-panel-with-guido-van-rossum.json", "speaker-variant"),
    ("pygotham-2016/videos/Dplython-Intuitive-Data-Analysis,-Funky-Python.json", "whitespace"),
    (
        "python-web-conf-2020/videos/serverless-is-for-pragmatists-ci-cd-in-the-age-of-iac-"
        "by-anna-spysz-and-chase-douglas.json",
        "multi-speaker",
    ),
    (f"{AU}/todo-speaker.json", "todo"),
    (
        "pydata-london-2018/videos/keynote-democratising-data-journalism-charles-boutaud.json",
        "todo",
    ),
    ("pycon-es-2014/videos/speed-without-drag-saul-diez-guerra.json", "recorded-year"),
    ("scipy-2013/videos/an-efficient-workflow-for-reproducible-science-s-1.json", "title-event"),
    ("pycon-us-2012/videos/keynote-guido-van-rossum.json", "title-speaker"),
    ("euroscipy-2017/videos/euroscipy-2017-keras.json", "duplicate-youtube"),
    ("euroscipy-2018/videos/euroscipy-2017-keras.json", "duplicate-youtube"),
    ("chipy/videos/15260.json", "youtube-url"),
    ("puppy-meetup-2016-01/videos/assay-testing-framework.json", "youtube-url"),
    ("chipy/videos/genie.json", "thumbnail-url"),
    ("pyohio-2014/videos/diversity-in-tech.json", "no-publish"),
    (
        "pycon-de-2018/videos/pycon-de-2018-grammar-of-graphics-in-python-malte-harder.json",
        "unknown-key",
    ),
    (f"{AU}/empty-title.json", "empty-title"),
    (f"{AU}/bad-date.json", "bad-date"),
    (f"{AU}/duplicate-speaker.json", "duplicate-speaker"),
    (f"{AU}/tags.json", "tags"),
]


@pytest.fixture(scope="module")
def broken_report() -> checkdata.Report:
    return check_tree(BROKEN)


@pytest.mark.parametrize(("path", "rule"), EXPECTED)
def test_each_rule_fires_where_it_was_broken(
    broken_report: checkdata.Report, path: str, rule: str
) -> None:
    assert (path, rule) in pairs(broken_report)


def test_broken_copies_fire_nothing_else(broken_report: checkdata.Report) -> None:
    """Each synthetic file breaks one rule; the base record itself is clean."""
    found = pairs(broken_report)
    assert {r for p, r in found if p == f"{AU}/horrors-of-distributed-systems.json"} == set()
    assert {r for p, r in found if p == f"{AU}/language.json"} == {"language"}
    assert {r for p, r in found if p == f"{AU}/id-1.json"} == {"duplicate-id"}


def test_known_corpus_cases_are_named(broken_report: checkdata.Report) -> None:
    lines = [f.line() for f in broken_report.findings]
    assert any("'Russell Keith Magee'" in s and "'Russell Keith-Magee'" in s for s in lines)
    assert any("'Guido Van Rossum'" in s and "'Guido van Rossum'" in s for s in lines)
    assert any("'Chris Riederer '" in s and ": whitespace: " in s for s in lines)


def test_exit_status_follows_upstream_rules_only(capsys: pytest.CaptureFixture) -> None:
    assert main([str(BROKEN), "--quiet"]) == 1
    # Only review rules asked for: they are reported, but do not fail the run.
    assert main([str(BROKEN), "--only", "speaker-variant,title-event"]) == 0
    out = capsys.readouterr().out
    assert "speaker-variant" in out and ": serialization: " not in out
    # Canonical serialization is not one of the data repo's `make test` checks: style only.
    assert main([str(BROKEN), "--only", "serialization"]) == 0
    assert main([str(BROKEN), "--only", "duplicate-id"]) == 1
    assert main([str(BROKEN), "--only", "no-such-rule"]) == 2


# FORMAT.md "Checks the data repo runs on every pull request": the only errors.
UPSTREAM_CHECKS = {
    "layout": 1,
    "event-slug": 1,
    "json": 2,
    "schema": 2,
    "duplicate-id": 3,
    "duplicate-slug": 4,
    "rst": 5,
    "language": 6,
    "name-length": 7,
    "speaker-alias": 8,
}


def test_rules_table_maps_errors_to_the_data_repos_checks() -> None:
    assert {r: rule.check for r, rule in RULES.items() if rule.severity == "error"} == (
        UPSTREAM_CHECKS
    )
    assert all(rule.severity in SEVERITIES and rule.doc for rule in RULES.values())
    assert all(rule.check is None for rule in RULES.values() if rule.severity != "error")
    for rule, severity in [
        ("serialization", "style"),
        ("whitespace", "style"),
        ("uri-format", "warning"),
        ("duplicate-youtube", "warning"),
        ("speaker-variant", "warning"),
    ]:
        assert RULES[rule].severity == severity, rule


def test_every_finding_carries_its_rules_severity(broken_report: checkdata.Report) -> None:
    for f in broken_report.findings:
        assert f.severity == RULES[f.rule].severity
        assert f.upstream == (f.severity == "error")
    assert {f.severity for f in broken_report.findings} == set(SEVERITIES)


def _tree_with(tmp_path: Path, change: dict) -> Path:
    """The clean tree with one record changed (canonically serialized, like the rest)."""
    tree = Path(shutil.copytree(CLEAN, tmp_path / "tree"))
    path = next((tree / "caipyra-2016" / "videos").glob("containerize-*.json"))
    record = {**json.loads(path.read_bytes()), **change}
    path.write_text(json.dumps(record, indent=2, separators=(",", ": "), sort_keys=True) + "\n")
    return tree


@pytest.mark.parametrize(
    "change",
    [
        {"thumbnail_url": "not a uri"},
        {"related_urls": [{"label": "slides", "url": "/media/slides.pdf"}]},
        {"videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=rGyfUqx0IrQ "}]},
    ],
)
def test_a_uri_format_failure_alone_is_a_warning(tmp_path: Path, change: dict) -> None:
    """The data repo's URI format check is inert (no URI validator installed there)."""
    report = check_tree(_tree_with(tmp_path, change))
    rules = {(f.rule, f.severity) for f in report.findings}
    assert ("uri-format", "warning") in rules
    assert not [f for f in report.findings if f.severity == "error"]
    assert report.exit_status == 0


def test_a_schema_failure_beside_a_uri_one_is_still_an_error(tmp_path: Path) -> None:
    report = check_tree(_tree_with(tmp_path, {"thumbnail_url": "not a uri", "recorded": "2016-7"}))
    found = {(f.rule, f.severity, f.message.split(":")[0]) for f in report.findings}
    assert ("schema", "error", "recorded") in found
    assert ("uri-format", "warning", "thumbnail_url") in found
    assert report.exit_status == 1


def test_output_is_sorted_and_deterministic() -> None:
    first, second = io.StringIO(), io.StringIO()
    check_tree(BROKEN).write_text(first)
    check_tree(BROKEN).write_text(second)
    body = first.getvalue().split("\n\n")[0].splitlines()
    assert body == sorted(body)
    strip_time = [ln for ln in first.getvalue().splitlines() if " checked in " not in ln]
    assert strip_time == [ln for ln in second.getvalue().splitlines() if " checked in " not in ln]


def test_summary_table_counts_findings_and_files(broken_report: checkdata.Report) -> None:
    rows = {r: (sev, n, files) for r, sev, n, files in broken_report.summary()}
    assert rows["duplicate-id"] == ("error", 2, 2)
    assert rows["speaker-variant"][0] == "warning"
    tags = [f for f in broken_report.findings if f.rule == "tags"]
    assert rows["tags"] == ("style", len(tags), len({f.path for f in tags}))
    # Grouped by severity: errors, then warnings, then style.
    order = [SEVERITIES.index(sev) for _, sev, _, _ in broken_report.summary()]
    assert order == sorted(order)
    counts = broken_report.counts()
    assert sum(counts.values()) == len(broken_report.findings)
    assert counts["error"] == sum(n for _, sev, n, _ in broken_report.summary() if sev == "error")


def test_text_summary_shows_severity_and_check(broken_report: checkdata.Report) -> None:
    out = io.StringIO()
    broken_report.write_text(out, quiet=True)
    lines = out.getvalue().splitlines()
    assert lines[1].split() == ["severity", "rule", "check", "findings", "files"]
    assert lines[2].split()[:3] == ["error", "duplicate-id", "3"]
    assert any(ln.split()[:3] == ["style", "serialization", "-"] for ln in lines)
    counts = broken_report.counts()
    assert (
        f"({counts['error']} error, {counts['warning']} warning, {counts['style']} style)"
        in (lines[-1])
    )


def test_quiet_and_json_formats(capsys: pytest.CaptureFixture) -> None:
    main([str(BROKEN), "--quiet"])
    quiet = capsys.readouterr().out
    assert "/videos/" not in quiet and "duplicate-id" in quiet
    main([str(BROKEN), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["exit_status"] == 1
    assert {"path", "rule", "message", "severity", "upstream"} <= set(data["findings"][0])
    assert data["counts"]["error"] == sum(f["severity"] == "error" for f in data["findings"])
    assert {"rule", "severity", "check", "findings", "files"} <= set(data["summary"][0])
    assert sum(r["findings"] for r in data["summary"]) == len(data["findings"])


def test_name_length_and_category_dates(broken: Path) -> None:
    src = broken / "chipy" / "videos" / "genie.json"
    long_name = "a" * 140 + ".json"
    shutil.copyfile(src, src.with_name(long_name))
    category = broken / "scipy-2013" / "category.json"
    data = json.loads(category.read_bytes())
    data.update(start_date="2013-06-29", end_date="2013-06-24")
    category.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    found = pairs(check_tree(broken))
    assert (f"chipy/videos/{long_name}", "name-length") in found
    assert ("scipy-2013/category.json", "category") in found


def test_recorded_outside_category_dates(broken: Path) -> None:
    category = broken / "pycon-es-2014" / "category.json"
    data = json.loads(category.read_bytes())
    data.update(start_date="2015-04-01", end_date="2015-04-10")  # now the 2015 date fits
    category.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    record = "pycon-es-2014/videos/speed-without-drag-saul-diez-guerra.json"
    assert (record, "recorded-year") not in pairs(check_tree(broken))
    data.update(start_date="2015-04-07", end_date="2015-04-10")
    category.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    assert (record, "recorded-year") in pairs(check_tree(broken))


def test_single_event_folder() -> None:
    report = check_tree(BROKEN / "chipy")
    assert {f.path.split("/")[0] for f in report.findings} == {"chipy"}


# --------------------------------------------------------------------------- --fix

FIXABLE = {"serialization", "whitespace"}


def test_fix_rewrites_only_safe_things_and_is_idempotent(broken: Path) -> None:
    before = {
        p: json.loads(b)
        for p, b in snapshot(broken).items()
        if ("/videos/" in p or p.endswith("category.json")) and not p.endswith("json.json")
    }
    report = check_tree(broken, fix=True)
    assert report.fixed, "nothing was rewritten"
    found = pairs(report)
    assert not {r for _, r in found} & FIXABLE
    assert ("chipy/videos/15260.json", "youtube-url") not in found
    assert ("chipy/videos/genie.json", "thumbnail-url") not in found
    # A start time is content: that URL is left alone and still reported.
    t_url = "puppy-meetup-2016-01/videos/assay-testing-framework.json"
    assert (t_url, "youtube-url") in found
    assert "&t=7047" in (broken / t_url).read_text()
    # Meaning never changes: titles, descriptions, speakers (up to end whitespace), ids.
    for rel, old in before.items():
        new = json.loads((broken / rel).read_bytes())
        for key in ("description", "summary", "id", "recorded", "duration", "language"):
            assert new.get(key) == old.get(key), (rel, key)
        if "videos" in rel:
            assert new["title"] == old["title"].strip()
            assert new["speakers"] == [s.strip() for s in old["speakers"]]
            assert len(new["videos"]) == len(old["videos"])
    # The upstream problems that are not about form are still there.
    assert report.exit_status == 1
    # Second run: nothing to rewrite, not a byte changes.
    after_first = snapshot(broken)
    second = check_tree(broken, fix=True)
    assert second.fixed == []
    assert snapshot(broken) == after_first
    assert [f.line() for f in second.findings] == [f.line() for f in report.findings]


def test_fix_reports_what_it_rewrote(broken: Path, capsys: pytest.CaptureFixture) -> None:
    main([str(broken), "--fix"])
    out = capsys.readouterr().out
    assert "fixed: chipy/videos/15260.json: youtube-url(videos), serialization" in out
    assert "fixed: pygotham-2016/videos/Dplython-Intuitive-Data-Analysis,-Funky-Python.json" in out


def test_fix_keeps_fixtures_untouched() -> None:
    assert (BROKEN / "chipy" / "videos" / "15260.json").read_text().count("youtu.be") == 1


# --------------------------------------------------------------------------- parallel, CLI


def test_parallel_run_equals_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    serial = check_tree(BROKEN, jobs=1)
    monkeypatch.setattr(checkdata, "_PARALLEL_MIN_FILES", 0)
    parallel = check_tree(BROKEN, jobs=2)
    assert parallel.findings == serial.findings


@pytest.mark.parametrize(("tree", "status"), [(CLEAN, 0), (BROKEN, 1)])
def test_scrapy_command(tree: Path, status: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy.cmdline", "check-data", str(tree), "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == status, proc.stderr
    assert "rules fired" in proc.stdout


def test_no_path_checks_the_data_dir_setting_not_the_current_folder() -> None:
    """`scrapy check-data` alone checks PYVIDEO_DATA_DIR (here set with -s), not the project."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy.cmdline",
            "check-data",
            "--quiet",
            "-s",
            f"PYVIDEO_DATA_DIR={CLEAN}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 findings" in proc.stdout and f"({CLEAN})" in proc.stdout


def test_console_script_defaults_to_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    shutil.copytree(CLEAN, tmp_path / "output")
    (tmp_path / "notes.txt").write_text("not data\n")  # the current folder is not the tree
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCRAPY_SETTINGS_MODULE", raising=False)
    assert main(["--quiet"]) == 0
    assert "(output)" in capsys.readouterr().out
