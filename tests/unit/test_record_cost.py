"""The shortcuts that keep a record's CPU cost low answer exactly as the slow paths they skip.

Caches per distinct text (reST verdicts, conversions, names), the pooled docutils machines, the
pattern prefilters, the quiet markdown-it logger, jsonschema without its grammar-compiling
format package, one folder sync per batch of written files: each is checked against the plain
computation, or for the effect it is there for.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import pipelines.write as write_module
from scrapers.domain import names, text, validation
from scrapers.tooling.checkdata import Finding, _RecordInfo
from scrapers.tooling.crawlcmd import child_env
from tests.unit.test_write_safety import EVENT, crawl, event_with, record

# --------------------------------------------------------------------------- reST

# Documents whose nested list machines come from the pool, mixed with ones that leave a
# list unfinished or change the enumeration: a reused machine must not carry anything over.
LIST_DOCUMENTS = [
    "- a\n- b\n\n1. one\n2. two",
    "3. three\n4. four\n\n#. auto\n#. again",
    "- a\n  - nested\n  - more\n- b\ntext right after",
    "(a) first\n(b) second\n\nA. upper\nB. upper",
    "1. one\n3. skipped\n\n- x\n\n  - y\n\nTitle\n=====\n\n- z",
    ":field: value\n:other: value\n\n-o  option\n--long  option",
    "term\n  definition\n\n- item\n\n.. note:: inside",
    "- `a link <http://example.com>`__\n- *em* and **strong**\n- bad *start",
]


@pytest.mark.parametrize("rounds", [1, 3])
def test_pooled_machines_answer_as_docutils_does(rounds: int) -> None:
    for _ in range(rounds):
        for doc in LIST_DOCUMENTS + list(reversed(LIST_DOCUMENTS)):
            text._cached_rst_problems.cache_clear()
            assert text.fast_rst_problems(doc) == text.rst_problems(doc), doc


@pytest.mark.parametrize(
    "doc",
    [
        "plain words: no start string at all\n\nnor here",
        "mail me@example.com and see http://example.com/a_b",
        "a *start without end and a name_ reference",
        "[1]_ and |subst| and ``literal`` and `interpreted`",
        "colon: but no URI, at @ but no email",
    ],
)
def test_pattern_prefilters_change_no_answer(doc: str) -> None:
    text._cached_rst_problems.cache_clear()
    assert text.fast_rst_problems(doc) == text.rst_problems(doc)


def test_non_ascii_text_with_line_breaks_skips_docutils_only_when_plain() -> None:
    assert text._trivially_clean("Première ligne\net la deuxième, 日本語\r\nfin")
    for doc in ("Première\n\u00a0indentée", "é\n- liste", "é\x0bvertical tab", "é\x7fdel"):
        assert not text._trivially_clean(doc), doc


def test_a_line_over_docutils_limit_is_parsed() -> None:
    long_line = "word " * 2001  # 10,005 characters: docutils reports the line itself
    assert not text._trivially_clean(long_line)
    assert text.fast_rst_problems(long_line) == text.rst_problems(long_line) != []


def test_conversion_is_cached_per_text_and_format() -> None:
    source = "Some *emphasis* and a [link](https://example.com)."
    as_markdown = text.convert_rst(source, "markdown")
    assert text.convert_rst(source, "markdown") is as_markdown  # the cached tuple
    assert text.convert_rst(source, "text") != as_markdown  # the format is part of the key
    assert text.convert_rst(None, "markdown") == text.convert_rst("", "markdown") == ("", "")
    with pytest.raises(ValueError):
        text.convert_rst(source, "docx")


def test_escaping_shortcut_leaves_text_without_markup_characters_alone() -> None:
    assert text._escape_chars("plain words, 2 + 2") == "plain words, 2 + 2"
    assert text._escape_chars("*args and __init__") == "\\*args and __init_\\_"


def test_markdown_it_debug_lines_are_not_built_under_a_permissive_root_logger() -> None:
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.NOTSET)  # as Scrapy leaves it: filtering happens in the handler
    try:
        logger = logging.getLogger("markdown_it.rules_block.paragraph")
        assert not logger.isEnabledFor(logging.DEBUG)
        assert logger.isEnabledFor(logging.WARNING)
    finally:
        root.setLevel(level)


def test_single_line_cache_keeps_both_space_rules_apart() -> None:
    title = "Pathlib, mangez-en\u202f!"
    assert text.single_line(title, keep_typographic=True) == title
    assert text.single_line(title) == "Pathlib, mangez-en !"
    assert text.single_line(None) == text.single_line("") == ""


# --------------------------------------------------------------------------- names


def test_cached_name_functions_hand_out_fresh_lists() -> None:
    first = names.split_speakers("Ada Lovelace & Grace Hopper")
    first.append("Someone Else")
    assert names.split_speakers("Ada Lovelace & Grace Hopper") == ["Ada Lovelace", "Grace Hopper"]
    assert names.clean_name(None) is None  # type: ignore[arg-type]
    assert names.split_speakers(None) == []  # type: ignore[arg-type]


def test_ascii_spaces_shortcut_leaves_control_characters_to_the_unicode_rule() -> None:
    for raw in ("  Ada   Lovelace ", "Ada\tLovelace", "Ada\x01Lovelace", "Ada\u00a0\u200bLovelace"):
        assert names.normalize_space(raw) == "Ada Lovelace", repr(raw)


def test_name_index_from_precleaned_names_is_the_same_index() -> None:
    counts = Counter({"Dr. Ada Lovelace": 1, "Ada Lovelace": 3, "ADA LOVELACE": 1, "Bob": 2})
    cleaned = {n: names.clean_name(n) for n in list(counts)[:2]}  # some known, some not
    plain, given = names.NameIndex(counts, {}), names.NameIndex(counts, {}, cleaned)
    assert plain.variants() == given.variants()
    assert [given.canonical(n) for n in counts] == [plain.canonical(n) for n in counts]


# --------------------------------------------------------------------------- validation


def test_jsonschema_loads_without_the_grammar_package_and_leaves_it_importable() -> None:
    code = (
        "import importlib.util, sys\n"
        "from scrapers.domain import validation\n"
        "validation.video_validator()\n"
        "print('jsonschema' in sys.modules, 'rfc3987_syntax' in sys.modules)\n"
        "if importlib.util.find_spec('rfc3987_syntax'):\n"
        "    import rfc3987_syntax\n"
        "print('importable')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=child_env(),
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout.split("\n")
    assert out[:2] == ["True False", "importable"]


@pytest.mark.parametrize(
    "record",
    [
        {"title": "t", "videos": [], "speakers": ["Ada", "Ada"]},
        {"title": "t", "videos": [], "tags": ["a", "b"]},
        {"title": "t", "videos": [{"type": "youtube", "url": "https://a"}] * 2},
        {"title": "t", "videos": [], "related_urls": ["https://a", {"url": "https://a"}]},
        {"title": "t", "videos": [], "related_urls": [{"label": "x", "url": "https://a"}] * 2},
        {"title": "t", "videos": [], "duration": 1.0, "extra": None},
    ],
)
def test_fast_schema_check_agrees_with_jsonschema(record: dict) -> None:
    errors = list(validation.video_validator().iter_errors(record))
    assert validation.schema_is_surely_valid(record) == (not errors)


def test_title_rules_use_whole_words_only() -> None:
    span = None
    hit = validation.event_problems(
        {"title": "PyCon X: Ada Lovelace on engines", "speakers": ["Ada Lovelace"]},
        span,
        "PyCon X",
    )
    assert sorted(p.rule for p in hit) == ["title-event", "title-speaker"]
    miss = validation.event_problems(
        {"title": "PyCon Xtra: Ada Lovelaces", "speakers": ["Ada Lovelace"]}, span, "PyCon X"
    )
    assert miss == []


def test_unsafe_link_and_placeholder_shortcuts_still_find_them() -> None:
    record = {
        "title": "t",
        "videos": [],
        "description": "fine\n`x <javascript:alert(1)>`_\nTBA\nDATA:text/html,x",
    }
    rules = {(p.rule, p.message.split(":")[0]) for p in validation.video_problems(record)}
    assert {("unsafe-link", "line 2"), ("unsafe-link", "line 4"), ("todo", "line 3")} <= rules
    plain = validation.video_problems({**record, "description": "data, todo list: fine"})
    assert not {p.rule for p in plain} & {"unsafe-link", "todo"}


# --------------------------------------------------------------------------- check-data


def test_findings_and_record_summaries_cross_processes_intact() -> None:
    finding = Finding("ev/videos/a.json", "rst", "line 1: message")
    info = _RecordInfo("ev/videos/a.json", 3, ["Ada"], ["EFgmCHzVQOs"])
    assert pickle.loads(pickle.dumps(finding)) == finding
    assert pickle.loads(pickle.dumps(info)) == info


# --------------------------------------------------------------------------- write


def test_written_folder_is_synced_once_after_its_files(tmp_path: Path, monkeypatch) -> None:
    calls: list[str] = []
    real_fsync, real_sync = os.fsync, write_module.sync_folder
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("file"), real_fsync(fd))[1])
    monkeypatch.setattr(
        write_module, "sync_folder", lambda folder: (calls.append(folder.name), real_sync(folder))
    )
    event = event_with(*(record(f"Talk {i}", f"EFgmCHzVQO{i}") for i in range(3)))
    crawl(tmp_path, event)
    assert len(list((tmp_path / EVENT / "videos").glob("*.json"))) == 3
    assert calls.count("videos") == 1
    assert calls[:4] == ["file", "file", "file", "videos"]  # each file synced before its rename
