"""Curation of YouTube metadata: real titles/descriptions from the curation benchmark."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrapers.curation import (
    Curated,
    curate_description,
    curate_video,
    description_speakers,
    evaluate,
    split_names,
)


@pytest.mark.parametrize(
    ("event", "youtube", "title", "speakers"),
    [
        (
            "SciPy 2024",
            "Akshay Gupta - When is a compiled language like Rust beneficial for Data Scientists? "
            "| SciPy 2024",
            "When is a compiled language like Rust beneficial for Data Scientists?",
            ["Akshay Gupta"],
        ),
        (
            "PyCon AU 2021",
            '"Knock, knock! Who\'s there?" - Markus Holtermann (PyConline AU 2021)',
            "Knock, knock! Who's there?",
            ["Markus Holtermann"],
        ),
        (
            "EuroPython 2022",
            "AI for Content Moderation at PayPal - presented by Raghotham Sripadraj"
            " & Ryan Roggenkemper",
            "AI for Content Moderation at PayPal",
            ["Raghotham Sripadraj", "Ryan Roggenkemper"],
        ),
        (
            "Python Brasil 2018",
            "[PyBR14] Go e Python lado a lado - Luciano Ramalho",
            "Go e Python lado a lado",
            ["Luciano Ramalho"],
        ),
        (
            "Minsk Python Meetup",
            "Booster for aiohttp / Дмитрий Бураков / Wargaming [Python Meetup 25.04.2018]",
            "Booster for aiohttp",
            ["Дмитрий Бураков"],
        ),
        (
            "PyCon UK 2017",
            "PYCON UK 2017: Docs or it didn't happen",
            "Docs or it didn't happen",
            [],
        ),
        ("Montréal-Python", "Python and SAP #MP33", "Python and SAP", []),
        (
            "PyCon DE 2017",
            "PyCon.DE 2017 Heidi Thorpe - The Mustache Movement",
            "The Mustache Movement",
            ["Heidi Thorpe"],
        ),
        (
            "SciPy 2018",
            "An Introduction to Julia (Beginner Level) | SciPy 2018 Tutorial | Jane Herriman, "
            "Sacha Verweij",
            "An Introduction to Julia (Beginner Level)",
            ["Jane Herriman", "Sacha Verweij"],
        ),
        (
            "PyTorch Conference 2019",
            "PyTorch at Tesla - Andrej Karpathy, Tesla",
            "PyTorch at Tesla",
            ["Andrej Karpathy"],
        ),
        (
            "PyData Austin 2019",
            "Travis E Oliphant: uarray: Separating interface from implementation"
            " | PyData Austin 2019",
            "uarray: Separating interface from implementation",
            ["Travis E Oliphant"],
        ),
    ],
)
def test_title_and_speakers(event: str, youtube: str, title: str, speakers: list[str]) -> None:
    got = curate_video(youtube, "", event)
    assert (got.title, got.speakers) == (title, speakers)


def test_keynote_alone_keeps_title_but_names_speaker() -> None:
    got = curate_video("Keynote - Jake Vanderplas", "", "PyCon India 2019")
    assert got.title == "Keynote - Jake Vanderplas"
    assert got.speakers == ["Jake Vanderplas"]


@pytest.mark.parametrize(
    ("event", "youtube", "title"),
    [
        # et al.: volunteers list every co-author, so the title is cleaned but nobody is named
        (
            "SciPy 2024",
            "Ali Martz et al. - Python for early-stage design of sustainable aviation fuels"
            " | SciPy 2024",
            "Python for early-stage design of sustainable aviation fuels",
        ),
        # surnames only
        (
            "SciPy 2024",
            "Ramasubramani & Ratzel - No-Code-Change GPU Acceleration for Your Pandas and NetworkX "
            "Workflows",
            "No-Code-Change GPU Acceleration for Your Pandas and NetworkX Workflows",
        ),
        # initial instead of a given name ("Alessandro Amici" in the curated record)
        ("EuroPython 2013", "A.  Crotti -  TDD from scratch", "TDD from scratch"),
        # a segment naming another year is information, not the event
        ("EuroSciPy 2018", "EuroSciPy 2017: SymPy", "EuroSciPy 2017: SymPy"),
        # Hangul names cannot be validated: leave the title for a human
        (
            "PyCon Korea 2019",
            "정적 타입 검사로 더 나은 Python 코드 작성하기 - 이창희 - PyCon.KR 2019",
            "정적 타입 검사로 더 나은 Python 코드 작성하기 - 이창희 - PyCon.KR 2019",
        ),
        # title words are not a name: "Practicality Beats Purity" is followed by a colon
        (
            "PyCon AU 2020",
            "Practicality Beats Purity: The Zen of Python’s Escape Hatch?",
            "Practicality Beats Purity: The Zen of Python’s Escape Hatch?",
        ),
    ],
)
def test_abstains_on_speakers(event: str, youtube: str, title: str) -> None:
    got = curate_video(youtube, "", event)
    assert got.title == title
    assert got.speakers == []


def test_split_names() -> None:
    assert split_names("Krishnan, Liu, Puri, & Rojas") is None
    assert split_names("Noa Tamir, Patrick Hoefler") == ["Noa Tamir", "Patrick Hoefler"]
    assert split_names("Matias Lang y Eric Horvat") == ["Matias Lang", "Eric Horvat"]
    assert split_names("Dr. Kevin Horecka") == ["Dr. Kevin Horecka"]
    assert split_names("Jaime Fernandez del Rio") == ["Jaime Fernandez del Rio"]
    assert split_names("Google, Salesforce, Facebook") is None
    assert split_names("Charlas Relámpago") is None


def test_description_byline_gives_speaker_and_is_removed() -> None:
    desc = (
        '"Painless Machine Learning in Production\nEuroPython 2020 - Talk - 2020-07-23 - '
        "Parrot Data Science\nOnline\n\nBy Chase Stevens\n\nDeveloping machine learning models "
        "is easy; training, deploying, monitoring, scaling ... is hard."
    )
    got = curate_video("Painless Machine Learning in Production", desc, "EuroPython 2020")
    assert got.speakers == ["Chase Stevens"]
    assert got.description.startswith("Developing machine learning models is easy")
    assert description_speakers("Speaker: Andrew Knight\n\nBehavior-Driven Development") == [
        "Andrew Knight"
    ]


def test_pydata_boilerplate_and_slides_moved() -> None:
    desc = (
        "www.pydata.org\n\nAs businesses strive to become AI-first, the pivotal role of AI "
        "practitioners extends beyond technical implementation.\n\n"
        "Slides: https://speakerdeck.com/someone/talk\n"
        "Code: https://github.com/ekourlit/scipy2024-ATLAS-demo\n\n"
        "PyData is an educational program of NumFOCUS, a 501(c)3 non-profit organization in "
        "the United States."
    )
    text, related = curate_description(desc)
    assert text == (
        "As businesses strive to become AI-first, the pivotal role of AI "
        "practitioners extends beyond technical implementation."
    )
    assert related == [
        {"label": "Slides", "url": "https://speakerdeck.com/someone/talk"},
        {"label": "Repository", "url": "https://github.com/ekourlit/scipy2024-ATLAS-demo"},
    ]


def test_description_stays_valid_rst() -> None:
    from scrapers.curation import _rst_ok

    desc = (
        "Speaker: Andrew Knight\n\nThis talk will teach how to use **behave**:\n\n"
        "- Given the DuckDuckGo home page is displayed\n- When the user searches\n"
    )
    got = curate_video("Andrew Knight - Behavior-Driven Python - PyCon 2018", desc, "PyCon US 2018")
    assert isinstance(got, Curated)
    assert _rst_ok(desc) and _rst_ok(got.description)
    assert "Speaker:" not in got.description


def test_known_names_respelling() -> None:
    got = curate_video(
        "Stephen Enright Ward - Solving substitution ciphers",
        "",
        "PyData Berlin 2018",
        known_names={"Stephen Enright Ward": "Stephen Enright-Ward"}.get,
    )
    assert got.speakers == ["Stephen Enright-Ward"]


def test_evaluate_figures(tmp_path: Path) -> None:
    lines = [
        {
            "event": {"slug": "scipy-2024", "title": "SciPy 2024"},
            "video": {
                "id": "x",
                "title": "Pierre Raybaut - From Spyder to DataLab",
                "description": "",
                "published": "2024-07-08",
                "duration": 1,
            },
            "expected": {
                "title": "From Spyder to DataLab",
                "speakers": ["Pierre Raybaut"],
                "description": "",
            },
        },
        {
            "event": {"slug": "jupytercon-2018", "title": "JupyterCon 2018"},
            "video": {
                "id": "y",
                "title": "Terraforming Jupyter",
                "description": "",
                "published": "2018-08-01",
                "duration": 1,
            },
            "expected": {"title": "Terraforming Jupyter", "speakers": [], "description": ""},
        },
    ]
    path = tmp_path / "bench.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    fig = evaluate(path)
    assert fig["title_exact_pct"] == 100.0
    assert fig["speakers_exact_pct"] == 100.0
    assert fig["speaker_precision_pct"] == 100.0
    assert fig["records"] == 2
