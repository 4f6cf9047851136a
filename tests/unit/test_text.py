"""Tests for scrapers.domain.text, on inputs quoted from the real schedule fixtures."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from lxml import etree

from scrapers.domain.text import (
    html_to_rst,
    markdown_to_rst,
    plain_to_rst,
    rst_problems,
    single_line,
    to_rst,
)
from tests.shared import SCHEDULES, needs

# --------------------------------------------------------------------------- single_line


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # PyCon JP 2019 speaker string with a full-width space (custom-json).
        ("鈴木\u3000庸氏", "鈴木 庸氏"),
        ("  Tout ce dont\u00a0votre package\n a besoin  ", "Tout ce dont votre package a besoin"),
        ("Zero\u200bwidth\ufeff", "Zerowidth"),
        (
            "<p>Using <em>Jupyter</em>&nbsp;Notebooks</p><p>again</p>",
            "Using Jupyter Notebooks again",
        ),
        ("Environmental Data &amp; Governance", "Environmental Data & Governance"),
        # A title about HTML must keep its tag-like words; only formatting tags go.
        ("The <input> element & a < b", "The <input> element & a < b"),
        ("Cafe\u0301", "Café"),  # NFC
        ("👩\u200d💻 coders", "👩\u200d💻 coders"),  # ZWJ inside an emoji is kept
        # PyConES 2016 pentabarf <title>s: strip the Markdown mark, keep hashbang and hashtag.
        (
            "# Introducción a Python para principiantes (basado en Software Carpentry)",
            "Introducción a Python para principiantes (basado en Software Carpentry)",
        ),
        ("#!/usr/bin/python (Python para Sysadmins)", "#!/usr/bin/python (Python para Sysadmins)"),
        ("#ThePymientoProject Arte-Tecnología", "#ThePymientoProject Arte-Tecnología"),
        (None, ""),
        ("", ""),
    ],
)
def test_single_line(raw: str | None, expected: str) -> None:
    assert single_line(raw) == expected


# --------------------------------------------------------------------------- rst_problems


def _line_and_level(problem: str) -> tuple[int, int]:
    """The line and docutils level of one ``rst_problems`` entry; its wording is docutils' own."""
    match = re.fullmatch(r"line (\d+): .+ \(level (\d)\)", problem)
    assert match, problem
    return int(match[1]), int(match[2])


def test_rst_problems_clean_and_dirty() -> None:
    # Only our format (line, level) is asserted: docutils rewords its messages between releases.
    assert rst_problems(None) == []
    assert rst_problems("") == []
    assert rst_problems("Plain *emphasis* and ``code``.\n\n- a\n- b") == []
    problems = rst_problems("Unclosed *emphasis here")
    assert [_line_and_level(p) for p in problems] == [(1, 2)]
    # ERROR/SEVERE messages are reported, not raised (the default halt_level would raise).
    severe = "Title\n=====\n\nSub\n---\n\nSubsub\n~~~~~~\n\nZed\n===\n\nWow\n~~~"
    [(line, level)] = [_line_and_level(p) for p in rst_problems(severe)]
    assert line == 13 and level >= 3


def test_rst_problems_is_silent(capsys: pytest.CaptureFixture[str]) -> None:
    rst_problems("`broken")
    assert capsys.readouterr().err == ""


def test_rst_problems_sees_warnings_the_ci_walk_hides() -> None:
    # pycon-es-2021 corpus records: an INFO comes first, so the data repo's CI (which stops at
    # the first message) passes them; the level-2 warning after it is still reported here.
    text = "Resumen:\nWith the rise of online marketplaces.\n\n ---\nLa novena edición"
    assert [_line_and_level(p) for p in rst_problems(text)] == [(5, 2)]


# --------------------------------------------------------------------------- markdown


def test_markdown_structures_survive() -> None:
    md = (
        "### Outline\r\n\r\n"
        "* Using `asyncio.gather()` with **aiohttp**\r\n"
        "* See [the docs](https://docs.python.org/3/library/asyncio.html)\r\n\r\n"
        "1. first\r\n2. second\r\n\r\n"
        "Bare https://example.com/path_with_underscores_ link."
    )
    rst = to_rst(md, "markdown")
    assert rst_problems(rst) == []
    assert "Outline\n=======" in rst
    assert "- Using ``asyncio.gather()`` with **aiohttp**" in rst
    assert "`the docs <https://docs.python.org/3/library/asyncio.html>`__" in rst
    assert "1. first\n2. second" in rst
    assert "https://example.com/path_with_underscores_ link" in rst
    assert "\r" not in rst


@pytest.mark.parametrize(
    "md",
    [
        "Use *args and **kwargs, __init__ and foo_ or [1]_ references",
        "a | b | c and |substitution| and `single backtick",
        ".. not a directive\n\nnext",
        "Example::\n\nnot literal",
        "Title\n---\ntext\n\n=====",
        "- a\n\n      indented code\n\n> quote after list",
        "`` `code` `` and x`y`z and **bold**word and word**bold**",
        "1990. was a year\n\nA. Smith said\n\n(i) roman",
        "| h1 | h2 |\n|----|----|\n| only one |",
        "[](https://empty.label) and <https://auto.link> and <me@example.com>",
        "# H1\n### H3 skipped H2\n## H2\n# H1 again\n#### H4",
        "- ## heading in a list\n- > quote in a list",
    ],
)
def test_markdown_nasty_cases_are_valid_rst(md: str) -> None:
    assert rst_problems(markdown_to_rst(md)) == []


def test_pentabarf_markdown_with_newlines_stripped() -> None:
    # PyConES 2016 pentabarf: Markdown whose newlines were lost, so list markers run inline.
    text = (
        "A través de TDD conseguimos:- Evitar dispersarse y tener mayor foco en los requisitos,"
        " puesto que nos centramos en hacer pasar única y"
    )
    rst = to_rst(text, "markdown")
    assert rst_problems(rst) == []
    assert "conseguimos:- Evitar" in rst


def test_pyohio_canceled_markdown_with_hr() -> None:
    # PyOhio 2024 description_text: bold notice, blank lines and a "---" rule.
    md = (
        "**We regret to announce that Samuel was unable to attend PyOhio and that this session"
        " has been canceled.** Sorry, folks!\n\n\n\n---\n\nThe internet has a wide variety"
    )
    rst = to_rst(md, "markdown")
    assert rst_problems(rst) == []
    assert rst.startswith("**We regret")
    assert "----" not in rst  # no transition: they are invalid at a document's start/end


# --------------------------------------------------------------------------- html


def test_pyconau_html_abstract() -> None:
    # PyCon AU 2020 Session abstract (pyconau-yaml): entities, a newline inside <p>.
    html_text = (
        "<p>Our organization, Environmental Data &amp; Governance Initiative, created a series"
        " of Jupyter Notebooks... climate, and data governance. \nNo environmental justice"
        " knowledge required to attend.</p>\n<p>Authors: Maalvika Bhat, Kelsey Breseman</p>"
    )
    rst = html_to_rst(html_text)
    assert rst_problems(rst) == []
    assert "Environmental Data & Governance" in rst
    assert "\n\nAuthors: Maalvika Bhat" in rst


def test_html_lists_code_and_literal_stars() -> None:
    html_text = (
        "<p>Hello <b>world</b></p><ul><li>a*b</li><li>_x_</li></ul>"
        "<pre>def f(*args):\n    return args</pre><p>*not emphasis*</p>"
    )
    rst = html_to_rst(html_text)
    assert rst_problems(rst) == []
    assert "- a*b\n- " in rst
    assert "::\n\n    def f(*args):\n        return args" in rst
    assert "\\*not emphasis\\*" in rst


# --------------------------------------------------------------------------- plain / entry


def test_plain_text_verbatim_when_valid_escaped_when_not() -> None:
    sessionize = "Intro line\r\n\r\n• item one\r\n• item two"
    assert plain_to_rst(sessionize) == "Intro line\n\n• item one\n• item two"
    broken = "Use *args\n\n    indented after blank\nunindent"
    rst = plain_to_rst(broken)
    assert rst_problems(rst) == []
    assert "\\*args" in rst


def test_to_rst_normalises_and_validates_format() -> None:
    assert to_rst("  Cafe\u0301  \r\n\r\n  ", "text") == "Café"
    assert to_rst(None, "markdown") == ""
    assert to_rst("Valid *rst*", "rst") == "Valid *rst*"
    assert rst_problems(to_rst("Invalid *rst", "rst")) == []
    with pytest.raises(ValueError):
        to_rst("x", "asciidoc")


# --------------------------------------------------------------------------- every fixture

_DESC_KEYS = {"description", "abstract", "description_text", "bio", "biography", "profile"}


def _json_fields(path: Path) -> Iterator[tuple[str, str, str]]:
    fmt = "text" if "sessionize" in str(path) else "markdown"

    def walk(obj: object) -> Iterator[tuple[str, str, str]]:
        if isinstance(obj, dict):
            for key, value in obj.items():
                if key in _DESC_KEYS and isinstance(value, str):
                    kind = "html" if "pyohio" in str(path) and key == "description" else fmt
                    yield key, value, kind
                else:
                    yield from walk(value)
        elif isinstance(obj, list):
            for value in obj:
                yield from walk(value)

    yield from walk(json.loads(path.read_text(encoding="utf-8")))


def _front_matter_fields(path: Path) -> Iterator[tuple[str, str, str]]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"(?:---\n)?(.*?)\n---\n(.*)", text, re.DOTALL)
    if not match:
        return
    meta = yaml.safe_load(match.group(1)) or {}
    for key in ("abstract", "summary", "description", "bio"):
        if isinstance(meta.get(key), str):
            yield key, meta[key], "markdown"
    yield "body", match.group(2), "markdown"


def _collect() -> list[tuple[str, str, str]]:
    cases: list[tuple[str, str, str]] = []
    for path in sorted(SCHEDULES.rglob("*")):
        rel = str(path.relative_to(SCHEDULES))
        fields: Iterator[tuple[str, str, str]] = iter(())
        if path.suffix == ".json" and "schemas" not in rel:
            fields = _json_fields(path)
        elif path.suffix == ".yml" and "pyconau" in rel:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            fields = (
                (k, v, "html")
                for k, v in data.items()
                if k in ("abstract", "description", "bio") and isinstance(v, str)
            )
        elif path.suffix == ".md" and rel.split("/")[0] in ("jekyll", "eleventy", "django-amber"):
            fields = _front_matter_fields(path)
        elif path.suffix == ".xml":
            tree = etree.parse(str(path))
            fields = (
                (el.tag, el.text, "markdown")
                for el in tree.iter("description", "abstract", "{*}description")
                if el.text
            )
        elif path.suffix == ".html":
            fields = iter([("page", path.read_text(encoding="utf-8"), "html")])
        for key, value, fmt in fields:
            if value and value.strip():
                cases.append((f"{rel}:{key}", value, fmt))
    return cases


FIXTURE_FIELDS = _collect()


@needs(SCHEDULES)
def test_fixture_harvest_is_broad() -> None:
    sources = {case_id.split("/")[0] for case_id, _, _ in FIXTURE_FIELDS}
    assert len(FIXTURE_FIELDS) > 1000
    assert {"pyohio-json", "pyconau-yaml", "jekyll", "eleventy", "pretalx-api"} <= sources


SOURCES = sorted({case_id.split("/")[0] for case_id, _, _ in FIXTURE_FIELDS})


@pytest.mark.parametrize("source", SOURCES)
def test_every_fixture_field_converts_to_valid_rst(source: str) -> None:
    """Each description-like field, in its source's format and as plain text, passes the check."""
    failures = []
    for case_id, value, native in FIXTURE_FIELDS:
        if not case_id.startswith(source + "/"):
            continue
        rst = to_rst(value, native)
        if problems := rst_problems(rst):
            failures.append((case_id, native, problems[:1]))
        if rst.startswith("::\n\n"):
            failures.append((case_id, native, ["fell back to a literal block"]))
        if case_id.endswith(":page"):
            continue  # a whole HTML page read as plain text is not a realistic input
        if problems := rst_problems(to_rst(value, "text")):
            failures.append((case_id, "text", problems[:1]))
    assert failures == []


def test_plain_title_keeps_what_the_uploader_typed() -> None:
    from scrapers.domain.text import plain_title

    # a run of spaces is a lost separator the curation reads (europython-2013, pycon-uk-2019)
    assert plain_title("K  Lautaportti Introduction to Cassandra") == (
        "K  Lautaportti Introduction to Cassandra"
    )
    assert plain_title("Dash   Interactive Data Visualization Web Apps\n") == (
        "Dash   Interactive Data Visualization Web Apps"
    )
    # YouTube titles are plain text: no tag is read; French typography's space is kept
    assert plain_title("List<b>int</b> vs\u202f!\u2003") == "List<b>int</b> vs\u202f!"
    # one Unicode form: "Librería" typed with a combining accent (pycon-ar-2020)
    assert plain_title("Libreri\u0301a\u200b pypsdier") == "Librería pypsdier"


def test_single_line_keeps_typographic_spaces_in_titles_only() -> None:
    # pycon-fr-2025 (pretalx): pyvideo-data keeps the narrow no-break space of French typography
    title = "Dédé\u202f! Des dés aux données\u202f: analyse"
    assert single_line(title, keep_typographic=True) == title
    assert single_line(title) == "Dédé ! Des dés aux données : analyse"
    # a run that mixes it with other spaces is still one plain space
    assert single_line("Accueil \u202f/\n Welcome", keep_typographic=True) == "Accueil / Welcome"


# --------------------------------------------------------------------------- markup (issue 17.9)


def test_script_and_style_never_reach_a_title_or_name() -> None:
    assert single_line("Intro <script>alert('x')</script>to asyncio") == "Intro to asyncio"
    assert single_line("Ana <STYLE type='text/css'>p{color:red}</STYLE>Silva") == "Ana Silva"
    # a title that only names the element keeps it: it is text, not markup
    assert single_line("Why <script> tags block rendering") == "Why <script> tags block rendering"


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_script_content_is_dropped_from_descriptions(fmt: str) -> None:
    source = "<p>Before</p><script>steal(document.cookie)</script><style>p{}</style><p>After</p>"
    out = to_rst(source, fmt)
    assert "steal" not in out and "p{}" not in out
    assert "Before" in out and "After" in out


@pytest.mark.parametrize(
    ("source", "fmt"),
    [
        ('<p>Run <a href="javascript:alert(1)">this</a> now</p>', "html"),
        ("Run [this](javascript:alert(1)) now", "markdown"),
        ("Run [this](JavaScript:alert(1)) now", "markdown"),
        ('<p>Run <a href="data:text/html,<b>x</b>">this</a> now</p>', "html"),
        ("Run [this](vbscript:msgbox) now", "markdown"),
    ],
)
def test_unsafe_links_lose_their_target_and_keep_their_label(source: str, fmt: str) -> None:
    out = to_rst(source, fmt)
    assert out == "Run this now"


def test_safe_links_are_kept_and_bare_unsafe_uris_are_not_linked() -> None:
    out = to_rst("[docs](https://docs.python.org) [me](mailto:me@example.org)", "markdown")
    assert out == "`docs <https://docs.python.org>`__ `me <mailto:me@example.org>`__"
    text = to_rst("Paste javascript:alert(1) in the console", "text")
    assert "javascript\\:alert(1)" in text
    assert rst_problems(text) == []


def test_reused_parser_parses_lists_without_falling_back() -> None:
    """The pooled nested machines must take every docutils version's call (0.19's nested_parse
    passes no parent_state_machine): a TypeError here made a third of the corpus's texts fall
    back, silently, to the slow reference parse."""
    from scrapers.domain.text import _reused_parser

    text = "Topics:\n\n- one\n- two with ``code``\n\n  nested paragraph\n\n1. first\n2. second\n"
    assert _reused_parser().problems(text) == rst_problems(text) == []
    bad = "- item\ncontinues without a blank line\n"
    assert _reused_parser().problems(bad) == rst_problems(bad) != []
