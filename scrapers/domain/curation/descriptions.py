"""Descriptions: boilerplate lines and paragraphs dropped, slide and repository links moved to
``related_urls``, byline lines of the speakers removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scrapers.domain.curation.names import split_names
from scrapers.domain.curation.policy import _policy

_URL_RE = re.compile(r"https?://[^\s<>()\"']+[^\s<>()\"'.,;:!?]")


def _related_label(line: str, url: str) -> str | None:
    """Label for a slides/repository link, or None for any other link (those stay in the text).

    A hosting rule (speakerdeck, github...) is required; the words around the link may only
    rename it ("Code: https://github.com/..." is a repository, "Slides: ...pdf" are slides).
    """
    pol = _policy()
    hosted = next((label for rx, label in pol["_url_rules"] if rx.search(url)), None)
    if hosted is None:
        return None
    text = line.replace(url, " ")
    for rx, label in pol["_label_words"]:
        if rx.search(text):
            return label
    return hosted


def curate_description(
    description: str, *, title: str = "", raw_title: str = "", speakers: Iterable[str] = ()
) -> tuple[str, list[dict]]:
    """Drop boilerplate lines/paragraphs and move slide/repository links to related_urls."""
    pol = _policy()
    text = (description or "").replace("\r\n", "\n").replace("\r", "\n")
    related: list[dict] = []
    seen: set[str] = set()
    names = {s.casefold() for s in speakers}
    titles = {x.strip().strip("\"'“”").casefold() for x in (title, raw_title) if x.strip()}
    lines = text.split("\n")
    kept: list[str] = []
    for idx, line in enumerate(lines):
        s = line.strip()
        bare = s.strip("\"'“”*").strip()
        if not s:
            kept.append(line)
            continue
        if idx < 3 and bare.casefold() in titles and len(lines) > 1:
            continue
        if pol["_desc_speaker_re"].match(s.strip(" *-•")) and split_names(
            re.sub(
                r"\s*\(@?\w+\)\s*$",
                "",
                pol["_desc_speaker_re"].match(s.strip(" *-•")).group("names"),
            )
        ):
            continue
        if bare.casefold() in names:
            continue
        if pol["_drop_line_re"].search(line):
            continue
        urls = _URL_RE.findall(line)
        if urls:
            moved = False
            for url in urls:
                label = _related_label(line, url)
                if label and url not in seen:
                    seen.add(url)
                    related.append({"label": label, "url": url})
                moved = moved or bool(label)
            rest = _URL_RE.sub("", line)
            rest = re.sub(r"[\s:\-–—*•>()\[\]]+", " ", rest).strip()
            if moved and len(rest.split()) <= 4 and len(urls) == 1:
                continue
        kept.append(line)
    text = "\n".join(kept)
    paras = re.split(r"\n\s*\n", text)
    paras = [p for p in paras if not pol["_drop_para_re"].search(p)]
    text = "\n\n".join(p.strip("\n") for p in paras if p.strip())
    return text.strip(), related


def _rst_ok(text: str) -> bool:
    """True if the data repo's docutils check accepts ``text`` (no message of level >= 2).

    Asked of the text as the conversion to reST sees it (line ends and trailing spaces
    normalised): the curate step's ``plain_to_rst`` then asks the same question of the same
    string and gets the answer from the cache instead of a second parse.
    """
    from scrapers.domain.text import fast_rst_problems, normalise

    return not fast_rst_problems(normalise(text))
