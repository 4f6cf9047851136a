"""Curate: every public recording gets its curated fields; a spoken-language tag sets language."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from pipelines.curate import CuratePipeline
from scrapers.domain.curation import title_language
from scrapers.items import Event, Recording

# piterpy-2018 (benchmark): one talk uploaded twice, dubbed, told apart only by the tag
TALK = 'Konstantin Ignatov: "Python application monitoring: let\'s do it logging style" / #PiterPy'
ENG, RUS = f"[ENG] {TALK}", f"[RUS] {TALK}"


def run(event: Event) -> Event:
    CuratePipeline.from_crawler(get_crawler()).process_item(event)
    return event


def test_language_tag_sets_the_recording_language() -> None:
    event = Event(
        slug="piterpy-2018",
        title="PiterPy 2018",
        language="rus",
        recordings=[
            Recording("youtube", "a", "https://www.youtube.com/watch?v=a", ENG, language="rus"),
            Recording("youtube", "b", "https://www.youtube.com/watch?v=b", RUS, language=None),
            Recording("youtube", "c", "https://www.youtube.com/watch?v=c", "Lightning talks"),
        ],
    )
    eng, rus, plain = run(event).recordings
    assert eng.curated_title == "Python application monitoring: let's do it logging style"
    assert eng.curated_speakers == ["Konstantin Ignatov"]
    assert (eng.language, rus.language) == ("eng", "rus")
    assert plain.language is None  # no tag: left to the host's value (mapped by `clean`)


def test_title_language_reads_only_language_tags() -> None:
    assert title_language("Representation learning [PL]") == "pol"
    assert title_language("Talk [LOW QUALITY]") is None
    assert title_language("Lists [1, 2]") is None
    assert title_language("No tag") is None


def test_curated_description_is_made_when_first_read() -> None:
    # a matched talk's own abstract usually wins: the video's text is checked and converted
    # only for the records that use it
    desc = "Speaker: Jane Doe\n\nWheels for *every* platform, 2017 edition."
    rec = Recording("youtube", "w", "https://www.youtube.com/watch?v=w", "Jane Doe - Wheels", desc)
    run(Event(slug="pycon-us-2017", title="PyCon US 2017", recordings=[rec]))
    assert callable(rec._curated_description)
    assert rec.curated_description == "Wheels for *every* platform, 2017 edition."
    assert rec._curated_description == rec.curated_description  # kept once made
    rec.curated_description = "set by hand"
    assert rec.curated_description == "set by hand"
