"""Text cleaning: one-line fields, and schedule abstracts turned into reST the data repo accepts.

The data repo's CI (``.tests/render_rest.py``) parses every ``description``/``summary`` with the
docutils reST parser (no transforms) and rejects a record if a system message of level >= 2
appears in the tree.  Everything here is built so :func:`to_rst` can never produce such a record:
each conversion is checked with :func:`rst_problems` and falls back to a safer form.

Markdown is rendered from markdown-it-py's token tree by a small reST writer (pure Python, no
pandoc binary); HTML goes through html2text to Markdown first, then the same writer.
"""

from __future__ import annotations

import html as htmllib
import logging
import re
import textwrap
import unicodedata
from functools import lru_cache
from typing import Any

import docutils.frontend
import docutils.nodes
import docutils.statemachine
import docutils.utils
import html2text
from docutils.parsers.rst import Parser
from docutils.parsers.rst import roles as rst_roles
from docutils.parsers.rst import states as rst_states
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

# markdown-it logs a DEBUG line for every block rule it tries; under Scrapy's root logger (level
# NOTSET, filtering done by the handler) each call built a LogRecord and Markdown conversion ran
# twice as slow. Its debug lines say nothing a crawl needs.
logging.getLogger("markdown_it").setLevel(logging.INFO)

__all__ = [
    "html_to_rst",
    "markdown_to_rst",
    "plain_title",
    "plain_to_rst",
    "rst_problems",
    "single_line",
    "to_rst",
]

FORMATS = frozenset({"markdown", "html", "text", "rst"})

# --------------------------------------------------------------------------- single_line

# Zero-width characters that are pure noise in titles and names.  ZWJ/ZWNJ (U+200C/U+200D)
# are kept: they are meaningful inside emoji sequences and Indic/Persian scripts.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\u200e\u200f\u180e"), None)

# Only formatting/structure tags are stripped, so a title such as "The <input> element" or
# "Why a < b" survives; a generic ``<[^>]+>`` would eat them.
_TAG_NAMES = (
    "a|abbr|b|big|blockquote|br|cite|code|del|dfn|div|em|font|h[1-6]|hr|i|ins|kbd|li|mark|ol|p"
    "|pre|q|s|samp|small|span|strike|strong|sub|sup|tt|u|ul|var|wbr"
)
_TAG_RE = re.compile(rf"</?(?:{_TAG_NAMES})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
# A script or style element with its content: never text of a title, a name or a description.
_SCRIPT_RE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# Link schemes a record may carry; any other explicit scheme (javascript:, data:, file:...) is
# dropped with its link, keeping the label. Relative links keep the writer's usual form.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME_RE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
# A bare URI of an unsafe scheme that docutils would turn into a link on its own.
_BARE_UNSAFE_RE = re.compile(r"\b(javascript|vbscript|data|file):(?=[^\s\\])", re.IGNORECASE)
_HEADING_MARK_RE = re.compile(r"^#{1,6} (?=\S)")


# No-break spaces typed on purpose: French typography puts U+202F before ":", "!", "?" and
# pyvideo-data keeps it ("Pathlib, mangez-en\u202f!", pycon-fr-2019..2025); U+3000 in Japanese.
_TYPOGRAPHIC_SPACES = "\u00a0\u202f\u3000"
_SPACE_RUN_RE = re.compile(rf"[^\S{_TYPOGRAPHIC_SPACES}]+")
_MIXED_RUN_RE = re.compile(r"\s{2,}")


def _flatten_spaces(text: str, keep_typographic: bool) -> str:
    if not keep_typographic:
        return " ".join(text.split())
    # a lone typographic space stays; any other run, or one mixed with it, becomes one " "
    return _MIXED_RUN_RE.sub(" ", _SPACE_RUN_RE.sub(" ", text)).strip()


def single_line(text: str | None, *, keep_typographic: bool = False) -> str:
    """Flatten a title or name: no HTML, NFC, every Unicode space run (NBSP, U+3000...) -> ' '.

    ``keep_typographic`` keeps a lone no-break or ideographic space as typed (titles: the data
    repo keeps French typography); names always get plain spaces, one spelling per person.
    """
    if not text:
        return ""
    return _single_line(text, keep_typographic)


@lru_cache(maxsize=16384)
def _single_line(text: str, keep_typographic: bool) -> str:
    """:func:`single_line`, once per distinct name, tag or title (a crawl repeats them)."""
    text = _SCRIPT_RE.sub(" ", _COMMENT_RE.sub(" ", text))
    # Block-ish tags become spaces so "<p>a</p><p>b</p>" does not glue into "ab".
    text = _TAG_RE.sub(lambda m: "" if _is_inline_tag(m.group(0)) else " ", text)
    text = htmllib.unescape(text)
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    # str.split() with no argument splits on all Unicode whitespace, incl. U+00A0 and U+3000;
    # C0/C1 control characters are turned into spaces first.
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    # PyConES pentabarf titles carry Markdown heading marks ("# Introducción a Python");
    # "#!/usr/bin/python" and "#ThePymientoProject" have no space after "#" and are kept.
    return _HEADING_MARK_RE.sub("", _flatten_spaces(text, keep_typographic))


def plain_title(text: str | None) -> str:
    """A video host's title as typed: NFC, no invisible or control characters, ends trimmed.

    Unlike ``single_line`` it keeps runs of spaces and reads no HTML: YouTube titles are plain
    text, and a double space is often a lost separator ("K  Lautaportti Introduction to
    Cassandra", "Dash   Interactive ...") that the curation reads before it cuts names.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    # control characters and other Unicode spaces -> one " " each; typographic ones are kept
    return "".join(
        " " if unicodedata.category(c) in ("Cc", "Zs") and c not in _TYPOGRAPHIC_SPACES else c
        for c in text
    ).strip()


_INLINE_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "big",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "tt",
        "u",
        "var",
        "wbr",
    ]
)


def _is_inline_tag(tag: str) -> bool:
    name = re.match(r"</?([a-zA-Z0-9]+)", tag)
    return bool(name) and name.group(1).lower() in _INLINE_TAGS


# --------------------------------------------------------------------------- rst_problems


@lru_cache(maxsize=1)
def _rst_setup() -> tuple[Parser, object]:
    """Build the parser and settings once: OptionParser setup dominates a small parse."""
    settings = docutils.frontend.get_default_settings(Parser)
    settings.report_level = 5  # nothing to the stream...
    settings.warning_stream = False  # ...and no stream at all (silences stderr)
    settings.halt_level = 5  # never raise: SEVERE (4) messages are reported, not thrown
    return Parser(), settings


def rst_problems(text: str | None) -> list[str]:
    """Messages of level >= 2 the data repo's reST check would see, as ``"line N: message"``.

    Mirrors ``.tests/render_rest.py``: a bare parse (no transforms), then the system_message
    nodes left in the tree.  Stricter than the CI in one way: the CI stops at the *first*
    message (so an INFO before a WARNING hides it); here every message counts.
    """
    if not text:
        return []
    parser, settings = _rst_setup()
    document = docutils.utils.new_document("<description>", settings)
    try:
        parser.parse(text, document)
    except Exception as exc:  # docutils bugs on odd input would crash the CI run too
        return [f"line ?: docutils failed: {type(exc).__name__}: {exc}"]
    return document_problems(document)


def document_problems(document: docutils.nodes.document) -> list[str]:
    """The system messages of level >= 2 of a parsed document, as "line N: message (level L)"."""
    problems = []
    for node in document.findall(docutils.nodes.system_message):
        level = node.get("level", 0)
        if level < 2:
            continue
        message = node.children[0].astext() if node.children else node.astext()
        message = " ".join(message.split())
        problems.append(f"line {node.get('line', '?')}: {message} (level {level})")
    return problems


# A line start docutils may read as an enumerated list item ("1. ", "a) ", "(iv) ", "#. ").
_ENUM_RE = re.compile(r"\(?(?:[0-9]+|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+|#)[.)](?:\s|$)")
# Characters that can open/close inline markup, literal blocks, references or targets.
_MARKUP_CHARS = frozenset("*`|_[]<>\\\t")


# C0 control characters but the line breaks "\n" and "\r".
_C0_RE = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f]")
# docutils' default ``line_length_limit``: a longer line is an error of its own.
_LINE_LENGTH_LIMIT = 10_000


def _trivially_clean(text: str) -> bool:
    """True when ``text`` cannot contain reST markup, so docutils would report nothing.

    Deliberately conservative (any doubt -> False): every non-blank line starts flush left
    with a letter or digit and is not an enumerator, and the text holds no character that can
    start inline markup, no "::", no control characters (line breaks aside) and no line over
    docutils' length limit.  Blocks are then plain paragraphs, which docutils accepts; this
    skips nearly two thirds of the corpus's parses (docutils is the slow part).
    """
    if "::" in text or not _MARKUP_CHARS.isdisjoint(text) or _C0_RE.search(text):
        return False
    if not text.isascii():
        for ch in set(text):  # each distinct character once
            if ch in " \n\r":  # allowed above, whatever else the text holds
                continue
            cat = unicodedata.category(ch)
            if cat[0] in "CZ" or ch in "\x85•‣⁃":
                return False
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line[0].isalnum() or _ENUM_RE.match(line) or len(line) > _LINE_LENGTH_LIMIT:
            return False
    return True


class _PooledNestedStateMachine(rst_states.NestedStateMachine):
    """A list's nested state machine, kept for the next list of its kind instead of being torn
    down (``unlink``) after each one, as docutils already keeps the machines of ``nested_parse``.
    ``nested_list_parse`` sets what differs per list (``blank_finish``, the enumeration) before
    every run, and ``run`` resets the rest."""

    def __init__(self, pool: dict[str, list[Any]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pool = pool
        self.pool_key = kwargs["initial_state"]

    def unlink(self) -> None:
        self.parent_state_machine = None
        self.pool.setdefault(self.pool_key, []).append(self)


def _pooled_state_classes() -> tuple[type, ...]:
    """docutils' reST states, whose nested list machines come from a pool (building one is
    ~0.16 ms: a quarter of parsing a short description with a list).  The classes keep their
    names (a machine finds states by name); machines of any other state set are built as usual.
    """
    pool: dict[str, list[Any]] = {}
    classes: list[type] = []

    def nested_sm(
        *,
        state_classes: Any,
        initial_state: str,
        debug: bool = False,
        parent_state_machine: Any = None,  # docutils < 0.21's nested_parse does not pass it
    ) -> Any:
        if state_classes is not ours:
            return rst_states.NestedStateMachine(
                state_classes=state_classes,
                initial_state=initial_state,
                debug=debug,
                parent_state_machine=parent_state_machine,
            )
        free = pool.get(initial_state)
        machine = free.pop() if free else None
        if machine is None:
            machine = _PooledNestedStateMachine(
                pool, state_classes=ours, initial_state=initial_state, debug=debug
            )
        machine.parent_state_machine = parent_state_machine
        return machine

    def init_of(base: type) -> Any:
        def __init__(self: Any, state_machine: Any, debug: bool = False) -> None:
            base.__init__(self, state_machine, debug)
            self.nested_sm_kwargs = {"state_classes": ours, "initial_state": "Body"}

        return __init__

    cache: list[Any] = []  # nested_parse's own cache, apart from docutils' global one
    for base in rst_states.state_classes:
        namespace = {
            "__init__": init_of(base),
            "nested_sm": staticmethod(nested_sm),
            "nested_sm_cache": cache,
        }
        classes.append(type(base.__name__, (base,), namespace))
    ours = tuple(classes)
    return ours


class _Prefiltered:
    """A compiled pattern every match of which holds one of ``needles``: ``search`` skips a
    text that holds none (docutils searches each paragraph for inline markup and for bare URIs
    with long patterns of lookbehinds: a third of the parse time on the corpus)."""

    def __init__(self, pattern: re.Pattern[str], needles: str) -> None:
        self.pattern = pattern
        self.needles = frozenset(needles)

    def search(self, text: str, *args: Any) -> re.Match[str] | None:
        if self.needles.isdisjoint(text):
            return None
        return self.pattern.search(text, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pattern, name)


class _ReusedParser:
    """docutils' bare parse (as :func:`rst_problems` does it) with one reused
    state machine: building RSTStateMachine's ~15 states and their compiled transitions is
    ~40% of a small parse.  ``RSTStateMachine.run`` re-initialises all per-run state (memo,
    node, observers, line offsets); the machine is dropped after any exception.  Nested list
    machines are pooled too (:func:`_pooled_state_classes`).
    """

    def __init__(self) -> None:
        self.parser = Parser()
        settings = docutils.frontend.get_default_settings(Parser)
        settings.report_level = 5  # nothing to a stream...
        settings.warning_stream = False  # ...and no stream at all
        settings.halt_level = 5  # never raise: SEVERE messages are reported, not thrown
        self.settings = settings
        self.state_classes = _pooled_state_classes()
        # One inliner, customised once: ``RSTStateMachine.run`` customises the one it is given
        # again on every document (a dozen patterns built and compiled), though our settings
        # never change. (A subclass would not do: the customisation reads its own class's
        # attributes only.)
        self.inliner = rst_states.Inliner()
        self.inliner.init_customizations(settings)
        self.inliner.init_customizations = lambda settings: None  # type: ignore[method-assign]
        # Every match of docutils' inline start pattern holds one of these characters (start
        # strings * `` _` |, references name_, footnotes [, interpreted text `), every bare
        # URI a ":" or an "@".
        patterns = self.inliner.patterns
        uri = patterns.uri
        patterns.initial = _Prefiltered(patterns.initial, "*`_|[")
        patterns.uri = _Prefiltered(uri, ":@")
        self.inliner.implicit_dispatch = [
            (patterns.uri if pattern is uri else pattern, method)
            for pattern, method in self.inliner.implicit_dispatch
        ]
        self.machine: Any = None

    def problems(self, text: str) -> list[str]:
        parser = self.parser
        document = docutils.utils.new_document("<description>", self.settings)
        parser.setup_parse(text, document)
        document.settings.setdefault("tab_width", 8)
        document.settings.setdefault("syntax_highlight", "long")
        machine, self.machine = self.machine, None
        if machine is None:
            machine = rst_states.RSTStateMachine(
                state_classes=self.state_classes, initial_state=parser.initial_state
            )
        lines = docutils.statemachine.string2lines(
            text, tab_width=document.settings.tab_width, convert_whitespace=True
        )
        if any(len(line) > document.settings.line_length_limit for line in lines):
            return rst_problems(text)  # rare: let the reference implementation word it
        machine.run(lines, document, inliner=self.inliner)
        self.machine = machine
        if "" in rst_roles._roles:
            del rst_roles._roles[""]
        parser.finish_parse()
        return document_problems(document)


@lru_cache(maxsize=1)
def _reused_parser() -> _ReusedParser:
    return _ReusedParser()


def fast_rst_problems(text: str | None) -> list[str]:
    """Same answer as :func:`rst_problems` (tested on the whole corpus), faster:
    text with no possible markup skips docutils, the rest reuses one state machine, and a
    text already judged is not parsed again (clean, curate and validate each ask about the
    same descriptions)."""
    if not text or _trivially_clean(text):
        return []
    return list(_cached_rst_problems(text))


@lru_cache(maxsize=1 << 16)
def _cached_rst_problems(text: str) -> tuple[str, ...]:
    try:
        return tuple(_reused_parser().problems(text))
    except Exception:  # odd input: the reference implementation decides (and words it)
        _reused_parser().machine = None
        return tuple(rst_problems(text))


# --------------------------------------------------------------------------- inline escaping

_WS = frozenset(" \t\n")
_BEFORE_OK = frozenset(["Ps", "Pi", "Pf", "Pd", "Po"])  # docutils: what may precede a start-string
_AFTER_OK = frozenset(["Pe", "Pi", "Pf", "Pd", "Po"])  # ...and what may follow an end-string
_URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]}*_|]|www\.[^\s<>]+\w")


def _ok_before(ch: str) -> bool:
    return ch == "" or ch in _WS or unicodedata.category(ch) in _BEFORE_OK


def _ok_after(ch: str) -> bool:
    return ch == "" or ch in _WS or unicodedata.category(ch) in _AFTER_OK


_ESCAPABLE = frozenset("\\*`|_")


def _escape_chars(text: str) -> str:
    """Backslash-escape only the characters that could open or close reST inline markup.

    ``my_var`` and ``2*3`` and ``a | b`` are left readable; ``__init__``, ``*args`` and
    ``|x|`` are escaped because docutils would read them as reference/emphasis/substitution.
    """
    if _ESCAPABLE.isdisjoint(text):  # most text runs: nothing to look at character by character
        return text
    out = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch == "\\":
            out.append("\\\\")
            continue
        if ch in "*`|_":
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < n else ""
            could_start = _ok_before(prev) and nxt != "" and nxt not in _WS
            could_end = prev != "" and prev not in _WS and _ok_after(nxt)
            if ch == "`" or could_end or (could_start and ch != "_"):
                out.append("\\" + ch)
                continue
        out.append(ch)
    return "".join(out)


def _escape_text(text: str) -> str:
    """Escape inline text but leave bare URLs intact, so docutils still links them."""
    parts = []
    pos = 0
    for m in _URL_RE.finditer(text):
        parts.append(_escape_chars(text[pos : m.start()]))
        parts.append(m.group(0))
        pos = m.end()
    parts.append(_escape_chars(text[pos:]))
    return "".join(parts)


class _Inline:
    """Accumulates inline reST, inserting ``\\ `` where markup would touch a word character."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.after_markup = False

    def _add(self, s: str, markup: bool) -> None:
        self.parts.append(s)
        self.after_markup = markup

    def text(self, s: str) -> None:
        if s:
            if self.after_markup and not _ok_after(s[0]):
                self.parts.append("\\ ")
            self._add(_escape_text(s), markup=False)

    def raw(self, s: str) -> None:
        self._add(s, markup=False)

    def markup(self, s: str) -> None:
        last = next((p[-1] for p in reversed(self.parts) if p), "")
        if self.after_markup or not _ok_before(last):
            self.parts.append("\\ ")
        self._add(s, markup=True)

    def value(self) -> str:
        return "".join(self.parts)


def _plain(node: SyntaxTreeNode) -> str:
    """Plain text of an inline subtree (reST cannot nest markup, so bold links go flat)."""
    if node.type in ("text", "code_inline", "html_inline"):
        return node.content if node.type != "html_inline" else ""
    if node.type in ("softbreak", "hardbreak"):
        return " "
    if node.type == "image":
        return node.attrs.get("alt", "") or "".join(_plain(c) for c in node.children)
    return "".join(_plain(c) for c in node.children)


def _literal(code: str) -> str | None:
    code = " ".join(code.split())
    if not code or "``" in code or code.startswith("`") or code.endswith("`"):
        return None
    return f"``{code}``"


def _render_inline(node: SyntaxTreeNode, out: _Inline) -> None:
    for child in node.children:
        t = child.type
        if t == "text":
            out.text(child.content)
        elif t in ("softbreak", "hardbreak"):
            out.raw("\n")
        elif t == "code_inline":
            lit = _literal(child.content)
            out.markup(lit) if lit else out.text(child.content)
        elif t in ("strong", "em"):
            inner = " ".join(_plain(child).split())
            if not inner:
                continue
            mark = "**" if t == "strong" else "*"
            out.markup(f"{mark}{_escape_text(inner)}{mark}")
        elif t in ("link", "image"):
            url = child.attrs.get("href") or child.attrs.get("src") or ""
            label = " ".join(_plain(child).split())
            _render_link(label, str(url), out)
        elif t == "html_inline":
            if re.match(r"<br\s*/?>", child.content, re.IGNORECASE):
                out.raw("\n")
        else:
            out.text(_plain(child))


def unsafe_scheme(url: str) -> str | None:
    """The scheme of a link a record must not carry (``javascript``, ``data``...), or None."""
    match = _SCHEME_RE.match(url)
    if match and match[1].lower() not in SAFE_SCHEMES:
        return match[1].lower()
    return None


def _render_link(label: str, url: str, out: _Inline) -> None:
    url = url.strip()
    if unsafe_scheme(url):
        out.text(label)
        return
    if url.startswith("mailto:"):
        url = url[len("mailto:") :]
        if not label or label == url:
            out.text(url)
            return
        url = "mailto:" + url
    if not url or any(c in url for c in " <>`"):
        out.text(label or url)
        return
    if not label or label == url:
        out.markup(f"`<{url}>`__")
        return
    label = _escape_chars(label).replace("<", "\\<")
    out.markup(f"`{label} <{url}>`__")  # anonymous: no "duplicate target name" clashes


# --------------------------------------------------------------------------- block fixing

_PUNCT_LINE_RE = re.compile(r"([!-/:-@\[-`{-~])\1+")
_BLOCK_START_RE = re.compile(
    r"""(
        [-+*•‣⁃](?:\s|$)                              # bullet list
      | -{1,2}\w | /[A-Za-z]                         # option list
      | :[^:\s][^:]*:(?:\s|$)                        # field list
      | \.\.                                          # comment / directive
      | \(?(?:\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+|\#)[.)](?:\s|$)  # enumerated list
    )""",
    re.VERBOSE,
)


def _fix_paragraph(text: str) -> str:
    """Make a paragraph's text stay one reST paragraph (no lists, titles, comments, ``::``)."""
    lines = [ln.strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        return ""
    for i, line in enumerate(lines):
        if _PUNCT_LINE_RE.fullmatch(line):
            lines[i] = "\\" + line
    if _BLOCK_START_RE.match(lines[0]) and not lines[0].startswith("\\"):
        lines[0] = "\\" + lines[0]
    if lines[-1].endswith("::"):
        lines[-1] = lines[-1][:-1] + "\\:"
    return "\n".join(lines)


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + ln if ln else ln for ln in text.split("\n"))


# --------------------------------------------------------------------------- markdown


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # Every link becomes a link token, so _render_link decides (markdown-it would leave a
    # javascript: link as literal text, which docutils then links on its own).
    md.validateLink = lambda url: True
    return md


_ADORNMENTS = "=-~^\"'`"


class _RstWriter:
    """Renders markdown-it's syntax tree as reST blocks separated by blank lines."""

    def __init__(self, html_blocks: bool = True) -> None:
        self.html_blocks = html_blocks
        self.section_stack: list[int] = []

    def blocks(self, nodes: list[SyntaxTreeNode], top: bool) -> str:
        parts: list[tuple[str, str]] = []  # (kind, text)
        for node in nodes:
            kind, text = self.block(node, top)
            if not text.strip():
                continue
            if kind == "quote" and parts and parts[-1][0] in ("list", "literal", "quote"):
                parts.append(("comment", ".."))  # empty comment ends the previous construct
            parts.append((kind, text))
        return "\n\n".join(text for _, text in parts)

    def block(self, node: SyntaxTreeNode, top: bool) -> tuple[str, str]:
        t = node.type
        if t == "paragraph":
            out = _Inline()
            for child in node.children:
                _render_inline(child, out)
            return "para", _fix_paragraph(out.value())
        if t == "heading":
            return self.heading(node, top)
        if t in ("bullet_list", "ordered_list"):
            return "list", self.list(node)
        if t in ("code_block", "fence"):
            code = textwrap.dedent(node.content.expandtabs(4)).strip("\n")
            if not code.strip():
                return "literal", ""
            return "literal", "::\n\n" + _indent(code, "    ")
        if t == "blockquote":
            return "quote", _indent(self.blocks(node.children, top=False), "    ")
        if t == "html_block":
            if self.html_blocks:
                return "para", html_to_rst(node.content)
            return "para", _fix_paragraph(_escape_text(single_line(node.content)))
        if t == "table":
            return "list", self.table(node)
        if t == "hr":
            return "hr", ""  # transitions are easy to misplace (start/end, after a title)
        out = _Inline()
        out.text(_plain(node))
        return "para", _fix_paragraph(out.value())

    def heading(self, node: SyntaxTreeNode, top: bool) -> tuple[str, str]:
        out = _Inline()
        for child in node.children:
            _render_inline(child, out)
        title = " ".join(out.value().split())
        if not title:
            return "para", ""
        if not top:  # section titles are illegal inside lists and quotes
            plain = " ".join(_plain(node).split())
            return "para", _fix_paragraph(f"**{_escape_text(plain)}**")
        level = int(node.tag[1:])
        while self.section_stack and self.section_stack[-1] >= level:
            self.section_stack.pop()
        self.section_stack.append(level)
        depth = min(len(self.section_stack), len(_ADORNMENTS)) - 1
        title = _fix_paragraph(title).replace("\n", " ")
        width = docutils.utils.column_width(title)
        return "title", f"{title}\n{_ADORNMENTS[depth] * max(width, 4)}"

    def list(self, node: SyntaxTreeNode) -> str:
        ordered = node.type == "ordered_list"
        start = int(node.attrs.get("start", 1) or 1) if ordered else 1
        items = []
        for number, item in enumerate(node.children, start):
            marker = f"{number}." if ordered else "-"
            body = self.blocks(item.children, top=False)
            if not body:
                body = "\\"  # an escaped nothing: keeps the item without inventing text
            items.append(marker + " " + _indent(body, " " * (len(marker) + 1)).lstrip())
        # markdown-it hides the paragraphs of a tight list: keep it tight in reST too.
        loose = any(
            child.type == "paragraph" and not child.hidden
            for item in node.children
            for child in item.children
        )
        return ("\n\n" if loose else "\n").join(items)

    def table(self, node: SyntaxTreeNode) -> str:
        rows = []
        header_rows = 0
        for section in node.children:  # thead / tbody
            for tr in section.children:
                cells = []
                for cell in tr.children:
                    out = _Inline()
                    for child in cell.children:
                        _render_inline(child, out)
                    text = " ".join(_fix_paragraph(out.value()).split()) or "\\"
                    cells.append(text)
                if cells:
                    rows.append(cells)
                    header_rows += section.type == "thead"
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        lines = [".. list-table::"]
        if header_rows:
            lines.append(f"   :header-rows: {header_rows}")
        lines.append("")
        for row in rows:
            row = row + ["\\"] * (width - len(row))
            lines.append("   * - " + row[0])
            lines.extend("     - " + cell for cell in row[1:])
        return "\n".join(lines)


def markdown_to_rst(md: str) -> str:
    """Markdown (CommonMark + tables) -> reST keeping paragraphs, lists, links, code, headings."""
    return _markdown_to_rst(md, html_blocks=True)


def _markdown_to_rst(md: str, html_blocks: bool) -> str:
    tree = SyntaxTreeNode(_md().parse(_normalise(md)))
    return _RstWriter(html_blocks=html_blocks).blocks(tree.children, top=True)


# --------------------------------------------------------------------------- html


def _html2text() -> html2text.HTML2Text:
    h = html2text.HTML2Text()
    h.body_width = 0  # no hard wrapping: reST paragraphs reflow anyway
    h.unicode_snob = True  # keep é, not e
    h.escape_snob = True  # literal * _ ` in the HTML must not become Markdown emphasis
    h.ignore_images = True
    h.ignore_emphasis = False
    h.mark_code = True  # [code]...[/code]: turned into fences below (see html_to_rst)
    return h


def html_to_rst(html: str) -> str:
    """HTML -> Markdown (html2text) -> reST, so both formats share one tested writer."""
    if not html or not html.strip():
        return ""
    md = _html2text().handle(html)
    # html2text's indented code blocks get swallowed by a preceding list item; fences do not.
    md = re.sub(r"\s*\[code\]\n?", "\n\n```\n", md)
    md = re.sub(r"\n?\s*\[/code\]\s*", "\n```\n\n", md)
    # Raw HTML left in html2text's output is flattened, not converted again (no recursion).
    return _markdown_to_rst(md, html_blocks=False)


# --------------------------------------------------------------------------- plain text


def _escaped_paragraphs(text: str) -> str:
    """Every paragraph fully escaped and flush left: the always-valid rendering of plain text."""
    paragraphs = re.split(r"\n\s*\n", text)
    out = [_fix_paragraph(_escape_text(p)) for p in paragraphs]
    return "\n\n".join(p for p in out if p)


def plain_to_rst(text: str) -> str:
    """Plain text kept verbatim where docutils accepts it; paragraphs that break are escaped.

    Verbatim is what pyvideo's own importers store, and "* a\\n* b" then still renders as a
    list; only a paragraph with problems (a stray ``*``, an indented line) gets escaped.
    """
    text = _normalise(text)
    if not text:
        return ""
    if not fast_rst_problems(text):
        return text
    blocks = re.split(r"\n\s*\n", text)
    fixed = [b.strip("\n") if not fast_rst_problems(b) else _escaped_paragraphs(b) for b in blocks]
    result = "\n\n".join(b for b in fixed if b.strip())
    if fast_rst_problems(result):
        result = _escaped_paragraphs(text)
    return result


# --------------------------------------------------------------------------- entry point

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _normalise(text: str | None) -> str:
    """NFC, "\\n" line endings, no control characters or trailing spaces, trimmed."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL_RE.sub("", unicodedata.normalize("NFC", text)).replace("\ufeff", "")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip()


normalise = _normalise  # the form every conversion starts from, for callers that cache on it


def _literal_block(text: str) -> str:
    """Last resort: docutils never complains about the content of a literal block."""
    return "::\n\n" + _indent(text.expandtabs(4), "    ")


def to_rst(text: str | None, fmt: str) -> str:
    """Convert a schedule abstract in ``fmt`` to reST that passes :func:`rst_problems`."""
    return convert_rst(text, fmt)[0]


def convert_rst(text: str | None, fmt: str) -> tuple[str, str]:
    """:func:`to_rst`, and which fallback it took: "" (none), "escaped" or "literal".

    Fallback chain: the conversion, then escaped plain text of the source, then a literal
    block.  ``fmt="rst"`` keeps valid reST verbatim and treats invalid reST as plain text.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown text format {fmt!r}; expected one of {sorted(FORMATS)}")
    return _convert_rst(text or "", fmt)


@lru_cache(maxsize=1 << 15)
def _convert_rst(text: str, fmt: str) -> tuple[str, str]:
    """:func:`convert_rst` once per distinct text: a channel's boilerplate description, a talk
    listed twice, the clean and curate steps converting the same abstract."""
    source = _normalise(text)
    if fmt in ("markdown", "html"):
        source = _normalise(_SCRIPT_RE.sub("", source))
    if not source:
        return "", ""
    if fmt == "markdown":
        candidates = [lambda: markdown_to_rst(source), lambda: _escaped_paragraphs(source)]
    elif fmt == "html":
        candidates = [
            lambda: html_to_rst(source),
            lambda: _escaped_paragraphs(_normalise(html2text.HTML2Text().handle(source))),
        ]
    else:  # "text" and "rst": verbatim when valid, else escaped
        candidates = [lambda: plain_to_rst(source)]
    for how, make in zip(("", "escaped"), candidates, strict=False):  # text has one
        try:
            result = _normalise(_BARE_UNSAFE_RE.sub(r"\1\\:", make()))
        except Exception:  # a converter bug must not lose the record; try the next form
            continue
        if not fast_rst_problems(result):
            return result, how
    return _literal_block(source), "literal"
