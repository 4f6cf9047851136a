"""Per-record rules, on real records (tests/data/checkdata) copied and broken one way each."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from scrapers.domain import text as text_mod
from scrapers.domain import validation as v
from scrapers.domain.text import rst_problems

DATA = Path(__file__).resolve().parents[1] / "data" / "checkdata"
CLEAN = DATA / "clean" / "caipyra-2016"
BROKEN = DATA / "broken"


def load(path: Path) -> dict:
    return json.loads(path.read_bytes())


@pytest.fixture
def record() -> dict:
    return load(CLEAN / "videos" / "containerize-all-the-things-andrews-medina.json")


def rules_of(problems: list[v.Problem]) -> set[tuple[str, str, bool]]:
    return {(p.rule, p.field, p.upstream) for p in problems}


def test_clean_real_records_have_no_problems() -> None:
    for path in sorted((CLEAN / "videos").glob("*.json")):
        assert v.video_problems(load(path)) == [], path.name
    assert v.category_problems(load(CLEAN / "category.json")) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"language": "en"}, ("language", "language", True)),
        ({"recorded": "2016-7-1"}, ("schema", "recorded", True)),
        ({"recorded": "2016-02-30"}, ("bad-date", "recorded", False)),
        ({"videos": []}, ("schema", "videos", True)),
        # the data repo's URI format check is inert (FORMAT.md): a warning here, not its error
        ({"thumbnail_url": "not a uri"}, ("uri-format", "thumbnail_url", False)),
        (
            {"related_urls": [{"label": "x", "url": "/media/slides.pdf"}]},
            ("uri-format", "related_urls[0]", False),
        ),
        ({"speakers": ["Andrews Medina", "Andrews Medina"]}, ("schema", "speakers", True)),
        ({"speakers": ["Glyph Lefkowitz"]}, ("speaker-alias", "speakers[0]", True)),
        (
            {"speakers": ["Andrews Medina", "andrews medina"]},
            ("duplicate-speaker", "speakers[1]", False),
        ),
        ({"speakers": ["Anna Spysz and Chase Douglas"]}, ("multi-speaker", "speakers[0]", False)),
        ({"speakers": ["TODO"]}, ("todo", "speakers[0]", False)),
        ({"title": "Keynote TBA"}, ("todo", "title", False)),
        ({"description": "TBD\n"}, ("todo", "description", False)),
        ({"title": "  "}, ("empty-title", "title", False)),
        ({"title": "Containerize all the things "}, ("whitespace", "title", False)),
        ({"speakers": ["Andrews Medina "]}, ("whitespace", "speakers[0]", False)),
        ({"tags": ["Docker"]}, ("tags", "tags[0]", False)),
        ({"abstract": "x"}, ("unknown-key", "abstract", False)),
        ({"description": "Intro\n    indented\nback"}, ("rst", "description", True)),
        ({"summary": "*unclosed emphasis"}, ("rst", "summary", True)),
        (
            {"videos": [{"type": "youtube", "url": "https://youtu.be/rGyfUqx0IrQ"}]},
            ("youtube-url", "videos[0].url", False),
        ),
        (
            {"thumbnail_url": "https://i1.ytimg.com/vi/rGyfUqx0IrQ/hqdefault.jpg"},
            ("thumbnail-url", "thumbnail_url", False),
        ),
        (
            {"thumbnail_url": "https://i.ytimg.com/vi/aaaaaaaaaaa/hqdefault.jpg"},
            ("thumbnail-url", "thumbnail_url", False),
        ),
    ],
)
def test_each_rule_on_a_broken_real_record(record: dict, change: dict, expected: tuple) -> None:
    assert v.video_problems(record) == []  # the copy is clean before it is broken
    broken = {**record, **change}
    found = rules_of(v.video_problems(broken))
    assert expected in found, found


def test_missing_required_key_names_the_field(record: dict) -> None:
    del record["title"]
    problems = v.video_problems(record)
    assert ("schema", "title", True) in rules_of(problems)


def test_new_records_must_carry_the_expected_keys(record: dict) -> None:
    record["language"] = None
    assert v.video_problems(record) == []  # old records may lack it...
    assert ("missing-key", "language", False) in rules_of(v.video_problems(record, new=True))


def test_problem_is_hashable_and_sorted(record: dict) -> None:
    record.update(language="en", tags=["B", "A"])
    problems = v.video_problems(record)
    assert problems == sorted(problems)
    assert len(set(problems)) == len(problems)


def test_not_a_dict_is_a_schema_problem() -> None:
    assert [p.rule for p in v.video_problems([])] == ["schema"]  # type: ignore[arg-type]


def test_category_rules() -> None:
    category = load(CLEAN / "category.json")
    assert ("schema", "(file)", True) in rules_of(v.category_problems({**category, "x": 1}))
    assert ("schema", "start_date", True) in rules_of(
        v.category_problems({**category, "start_date": "2016-13-01"})
    )
    bad_order = {**category, "start_date": "2016-07-02", "end_date": "2016-07-01"}
    assert ("category", "end_date", False) in rules_of(v.category_problems(bad_order))


# --------------------------------------------------------------------------- fast paths


MUTATIONS = [
    {"duration": 1.0},
    {"duration": 1.5},
    {"duration": True},
    {"id": True},
    {"speakers": ["a", "a"]},
    {"speakers": "a"},
    {"tags": [""]},
    {"tags": ["a", "b"]},
    {"videos": []},
    {
        "videos": [
            {"type": "x", "url": "http://a", "size": 1},
            {"type": "x", "url": "http://a", "size": 1.0},
        ]
    },
    {"videos": [{"type": "x", "url": "http://a b"}]},
    {"videos": [{"type": "x"}]},
    {"recorded": "2016-07-01T10:00:00+02:00"},
    {"recorded": "2016-07-01T10:00"},
    {"recorded": None},
    {"thumbnail_url": None},
    {"thumbnail_url": "https://exa mple.com"},
    {"related_urls": ["https://example.com", {"label": "a", "url": "https://example.com"}]},
    {"related_urls": [{"url": "https://example.com"}]},
    {"related_urls": ["https://example.com", "https://example.com"]},
    {"language": 3},
    {"title": None},
]


@pytest.mark.parametrize("change", MUTATIONS)
def test_fast_schema_check_never_hides_a_jsonschema_error(record: dict, change: dict) -> None:
    """The compiled pre-check may be unsure, but must never call invalid data valid."""
    mutated = {**copy.deepcopy(record), **change}
    expected = v.video_validator().is_valid(mutated)
    fast = v.schema_is_surely_valid(mutated, "video")
    assert not (fast and not expected)
    problems = v.video_problems(mutated)
    schema_found = any(p.rule in ("schema", "uri-format") for p in problems)
    assert schema_found == (not expected)  # and what is reported agrees with jsonschema
    upstream = v.video_validator(uri=False).is_valid(mutated)  # the data repo: no uri check
    assert any(p.rule == "schema" for p in problems) == (not upstream)


RST_SAMPLES = [
    "Plain sentence. Another one, with a comma: and a colon.\n\nSecond paragraph.",
    "Line one\nline two\n",
    "1. first\n2. second",
    "1. first\nnot a list item",
    "A. Smith wrote this\nacross lines",
    "Title\n=====\n\nText",
    "Title\n===\n",
    "* bullet\n* bullet\ntext",
    "- item\n  continued",
    "Intro\n    indented\nback",
    "*emphasis without end",
    "**strong** and `interpreted` and ``literal``",
    "`link <http://example.com>`_ and __init__ and my_var_",
    "Unknown :role:`x`",
    "Example::\n\n    code\n",
    "Example::\nnot indented",
    ".. note:: hi",
    ".. unknown-directive:: x",
    "| line block\n| again",
    ">>> 1 + 1\n2",
    "Tab\tinside",
    "\u00a0leading nbsp",
    "Curly “quotes” and é accents, 日本語のテキスト",
    "(a) first\n(b) second\nthird",
    "#. auto\n#. enum",
    "x" * 50 + "\n" + "-" * 50,
    "Wrapped\r\nwindows\r\nlines\r\n",
    "Ends with two colons::",
    "Text with [1]_ footnote",
    "Email me@example.com or visit http://example.com/a_b",
]


@pytest.mark.parametrize("text", RST_SAMPLES)
def test_fast_rst_matches_the_reference(text: str) -> None:
    """Same messages as scrapers.domain.text.rst_problems, on every kind of construct."""
    assert v.fast_rst_problems(text) == rst_problems(text)


@pytest.mark.parametrize("text", RST_SAMPLES)
def test_trivially_clean_is_sound(text: str) -> None:
    if text_mod._trivially_clean(text):
        assert rst_problems(text) == []


def test_trivially_clean_skips_plain_prose_only() -> None:
    assert text_mod._trivially_clean("Plain prose, twice.\n\nAnd again: fine!")
    for text in ("1. item\ntext", "*x", "a_b", "x::", "  indented", "- bullet", "“quote” first"):
        assert not text_mod._trivially_clean(text), text


def test_reused_parser_does_not_leak_state_between_documents() -> None:
    broken = "Title\n===\n\nIntro\n    indented\nback"
    first = v.fast_rst_problems(broken)
    assert first
    for _ in range(3):
        assert v.fast_rst_problems("1. fine\n2. list") == []
        assert v.fast_rst_problems(broken) == first


# --------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://youtu.be/JIMSp2Vqjgc", "https://www.youtube.com/watch?v=JIMSp2Vqjgc"),
        ("http://youtu.be/JIMSp2Vqjgc", "https://www.youtube.com/watch?v=JIMSp2Vqjgc"),
        ("http://youtube.com/watch?v=JIMSp2Vqjgc", "https://www.youtube.com/watch?v=JIMSp2Vqjgc"),
        (
            "https://youtu.be/JIMSp2Vqjgc?feature=shared",
            "https://www.youtube.com/watch?v=JIMSp2Vqjgc",
        ),
        (
            "https://www.youtube.com/watch?v=JIMSp2Vqjgc&ab_channel=PyCon",
            "https://www.youtube.com/watch?v=JIMSp2Vqjgc",
        ),
        ("https://www.youtube.com/watch?v=bghG7zz8G2I&t=7047", None),  # start time is content
        ("https://vimeo.com/123456", None),
    ],
)
def test_canonical_youtube_url(url: str, expected: str | None) -> None:
    assert v.canonical_youtube_url(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://i1.ytimg.com/vi/Y-XFNg0QS14/hqdefault.jpg",
            "https://i.ytimg.com/vi/Y-XFNg0QS14/hqdefault.jpg",
        ),
        (
            "http://img.youtube.com/vi/QjXJLVINsSA/default.jpg",
            "https://i.ytimg.com/vi/QjXJLVINsSA/default.jpg",
        ),
        ("https://i.ytimg.com/vi_webp/GycRK_K0x2s/maxresdefault.webp", None),
        ("https://i.vimeocdn.com/video/702189586.jpg", None),
    ],
)
def test_canonical_thumbnail(url: str, expected: str | None) -> None:
    assert v.canonical_thumbnail(url) == expected


def test_youtube_ids_from_every_url_form() -> None:
    record = {
        "videos": [
            {"type": "youtube", "url": "https://youtu.be/JIMSp2Vqjgc"},
            {"type": "youtube", "url": "https://www.youtube.com/watch?v=JIMSp2Vqjgc"},
            {"type": "mp4", "url": "https://www.youtube.com/embed/DO3tn_I1P-8"},
            {"type": "archive", "url": "https://archive.org/details/x"},
        ]
    }
    assert v.youtube_ids(record) == ["JIMSp2Vqjgc", "DO3tn_I1P-8"]


def test_every_rule_is_declared_once() -> None:
    assert all(isinstance(up, bool) and doc for up, doc in v.RULES.values())


def test_pipeline_writes_an_undated_record_and_leaves_out_a_broken_one(record: dict, caplog):
    # The dates step leaves `recorded` empty only when no date can be trusted (an upload before
    # the event's year): the talk is still written, with a warning that says how to date it.
    from scrapy.utils.test import get_crawler

    from pipelines.validate import ValidatePipeline
    from scrapers.items import Event, Record

    undated = copy.deepcopy(record)
    undated["recorded"] = None  # the schema allows null; the data repo's CI accepts it
    broken = copy.deepcopy(undated)
    broken["language"] = "en"
    event = Event(
        slug="caipyra-2016",
        title="Caipyra 2016",
        records=[Record(undated, "youtube:a"), Record(broken, "youtube:b")],
    )
    crawler = get_crawler(settings_dict={})
    ValidatePipeline.from_crawler(crawler).process_item(event)
    assert [r.data for r in event.records] == [undated]
    assert "written without `recorded`" in caplog.text and "-a start=" in caplog.text
    assert "invalid record left out" in caplog.text and "languages.json" in caplog.text
    assert v.video_problems(undated) == []  # and the data repo's own checks accept it


def test_markup_and_unsafe_links_are_reported() -> None:
    record = {
        "title": "Hi <script>alert(1)</script>",
        "speakers": ["Ana <style>b{}</style>"],
        "recorded": "2024-05-17",
        "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=abcdefghijk"}],
        "description": "See `this <javascript:alert(1)>`__ or data:text/html,x\n\n"
        "`ok <https://a.org>`__ `me <mailto:a@b.org>`__",
    }
    found = {(p.field, p.rule, p.message) for p in v.video_problems(record)}
    assert ("title", "markup") in {(f, r) for f, r, _ in found}
    assert ("speakers[0]", "markup") in {(f, r) for f, r, _ in found}
    unsafe = sorted(m for f, r, m in found if r == "unsafe-link")
    assert unsafe == ["line 1: a data: link", "line 1: a javascript: link"]
    assert not any(
        p.upstream for p in v.video_problems(record) if p.rule in ("markup", "unsafe-link")
    )
