"""A matched record fills what the schedule lacks (speakers, description, language) from its video.

Some exports carry talks with no persons and no abstract (PyConES 2016's pentabarf: events 3 and
31); when the playlist's titles name the speakers, the record takes them from the video instead
of being written anonymous. The schedule still wins wherever it has a value.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import replace
from pathlib import Path

from scrapy.utils.test import get_crawler

from pipelines.clean import CleanTextPipeline
from pipelines.curate import CuratePipeline
from pipelines.match import MatchPipeline
from scrapers.domain.record import build_record
from scrapers.items import Event, Recording, Talk
from scrapers.platforms.pentabarf import parse_schedule_body

# Three events of ../shared/fixtures/schedules/pentabarf-xml/pycon-es-2015.xml, copied as they
# are except: <persons> removed from 10 and 38 (kept on 64), 38's <description> removed (its
# <abstract> is empty in the export), 64's long <abstract> left out (the description wins).
SCHEDULE = """<schedule><conference><title>PyConES 2015</title><subtitle /><venue>Universidad \
Politécnica de Valencia</venue><start>2015-11-20</start><end>2015-11-22</end></conference>\
<day date="2015-11-20" index="1"><room name="Aula 3"><event id="38"><date>2015-11-20T18:00:00\
+0100</date><start>18:00</start><duration>02:30</duration><room>Aula 3</room><title>Better async \
code with Python 3</title><abstract /></event></room></day><day date="2015-11-21" index="2">\
<room name="1G-0.5 (Avanzado)"><event id="10"><date>2015-11-21T11:50:00+0100</date><start>11:50\
</start><duration>00:40</duration><room>1G-0.5 (Avanzado)</room><title>Syntactic Macros in \
Python</title><description>Syntactic Macros enable the programmer to manipulate the shape of the \
program before executing it allowing to extend the features of the language. Inspired by macropy, \
in this talk I explain how to get syntactic macros working with Python 3 at import time giving a \
couple of interesting examples.</description><abstract /></event></room></day><day \
date="2015-11-22" index="3"><room name="1G-0.6 (Científico)"><event id="64"><date>\
2015-11-22T15:40:00+0100</date><start>15:40</start><duration>00:40</duration><room>1G-0.6 \
(Científico)</room><title>Agujeros negros y optimización de código en python</title><description>\
En esta charla atenderemos a la construcción de un raytracer relativista en Python. Nuestro \
objetivo será conseguir imágenes similares a las observadas en la película Interestellar, \
mediante la creación de imágenes sintéticas en un entorno de gravedad extrema, como es un \
agujero negro. Utilizando esto como excusa, analizaremos distintos enfoques para optimizar \
nuestro código al máximo y conseguir programas eficientes y profesionales a la altura de \
cualquier otro lenguaje de programación.</description><persons><person>Pablo Galindo Salgado\
</person></persons></event></room></day></schedule>"""

# The PyConES channel's description, verbatim from the benchmark's pycon-es-2018 lines.
BOILERPLATE = (
    "Ponencia en PyConES 2018, Malaga.\n\nMás información en: https://2018.es.pycon.org/#schedule"
)
# (video id and audio language from the corpus's pycon-es-2015 records; titles in the benchmark's
# PyConES shape "Title - Speaker - PyConES 2018", where "Pablo Galindo" is the byline's form)
VIDEOS = [
    (
        "in22xoH_-fw",
        "Syntactic Macros in Python - Salvador de la Puente González - PyConES 2015",
        BOILERPLATE,
        "en",
    ),
    (
        "EbmSesbRwls",
        "Better async code with Python 3 - Anton Caceres - PyConES 2015",
        # the corpus record's description of this video
        "Learn async web development hands-on by using asyncio event loop in combination with "
        "subgenerator delegation syntax (yield from), creating beautiful concurrent code without "
        "writing a single callback.",
        "en",
    ),
    (
        "XUNU63tZNQI",
        "Agujeros negros y optimización de código en python - Pablo Galindo - PyConES 2015",
        BOILERPLATE,
        "es",
    ),
]


def schedule_event() -> Event:
    """The PyConES 2015 event with the three talks as the pentabarf base builds them."""
    spider = importlib.import_module("spiders.pycon_es").PyconEsSpider(year="2015")
    _kind, conference, raws = parse_schedule_body(SCHEDULE.encode())
    event = spider.new_event()
    spider._conference_defaults(event, conference)
    starts = spider._starts(event, raws, conference.get("day_change", ""))
    event.talks = [t for r in raws if (t := spider.build_talk(event, r, starts.get(id(r)), "x"))]
    event.recordings = [
        Recording(
            "youtube",
            vid,
            f"https://www.youtube.com/watch?v={vid}",
            title,
            description=text,
            published=dt.date(2016, 2, 2),
            language=lang,
            position=i,
        )
        for i, (vid, title, text, lang) in enumerate(VIDEOS)
    ]
    return event


def crawl(tmp_path: Path) -> tuple[Event, dict[str, Talk], dict[str, Recording], dict]:
    """Clean, curate and match as the crawl does: (event, talks, recordings, records by talk)."""
    event = schedule_event()
    crawler = get_crawler(settings_dict={"PYVIDEO_REPORT_DIR": str(tmp_path)})
    for pipeline in (CleanTextPipeline, CuratePipeline, MatchPipeline):
        pipeline.from_crawler(crawler).process_item(event)
    talks = {t.source_id: t for t in event.talks}
    recordings = {r.video_id: r for r in event.recordings}
    records = {r.talk_id: r for r in event.records}
    return event, talks, recordings, records


def test_the_schedule_lacks_what_the_videos_have(tmp_path: Path) -> None:
    """The setting: persons missing, one abstract missing, every video matched."""
    _event, talks, _recordings, records = crawl(tmp_path)
    assert (talks["10"].speakers, talks["38"].speakers) == ([], [])
    assert talks["38"].description == ""
    assert {r.talk_id: r.video_key for r in records.values()} == {
        "10": "youtube:in22xoH_-fw",
        "38": "youtube:EbmSesbRwls",
        "64": "youtube:XUNU63tZNQI",
    }
    assert {r.origin for r in records.values()} == {"matched"}


def test_speakers_from_the_video_when_the_schedule_names_none(tmp_path: Path) -> None:
    _event, _talks, recordings, records = crawl(tmp_path)
    assert recordings["in22xoH_-fw"].curated_speakers == ["Salvador de la Puente González"]
    assert records["10"].data["speakers"] == ["Salvador de la Puente González"]
    assert records["38"].data["speakers"] == ["Anton Caceres"]
    # the schedule names him: its fuller form wins over the byline's "Pablo Galindo"
    assert recordings["XUNU63tZNQI"].curated_speakers == ["Pablo Galindo"]
    assert records["64"].data["speakers"] == ["Pablo Galindo Salgado"]


def test_description_from_the_video_only_when_the_schedule_has_none(tmp_path: Path) -> None:
    _event, talks, recordings, records = crawl(tmp_path)
    macros = records["10"].data["description"]
    assert macros == talks["10"].description
    assert macros.startswith("Syntactic Macros enable the programmer")
    assert macros != recordings["in22xoH_-fw"].curated_description
    assert records["64"].data["description"] == talks["64"].description
    async_code = records["38"].data["description"]
    assert async_code == recordings["EbmSesbRwls"].curated_description
    assert async_code.startswith("Learn async web development hands-on")


def test_language_from_the_video_only_when_the_schedule_has_none(tmp_path: Path) -> None:
    """A talk whose schedule gives no language takes its video's (mapped by clean: "en" -> eng).

    The clean pipeline leaves an unsaid language empty, so the crawl itself shows it.
    """
    event, talks, recordings, records = crawl(tmp_path)
    assert talks["10"].language is None
    assert records["10"].data["language"] == "eng"  # the video's, through the whole crawl
    assert event.language == "spa"
    macros, video = talks["10"], recordings["in22xoH_-fw"]
    assert video.language == "eng"
    assert build_record(event, replace(macros, language=None), video).data["language"] == "eng"
    # the schedule wins when it says
    assert build_record(event, replace(macros, language="spa"), video).data["language"] == "spa"
    # neither says: the event's
    silent = replace(video, language=None)
    assert build_record(event, replace(macros, language=None), silent).data["language"] == "spa"
    # a schedule-only record (no video) keeps the event's default
    only = build_record(event, replace(macros, language=None), link=video.url)
    assert only.data["language"] == "spa"
