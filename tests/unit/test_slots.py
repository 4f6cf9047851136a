"""The one answer to "is this slot a talk, of which kind": scrapers/domain/slots.py over slots.json.

The cases are the words the platform bases used to judge with tables of their own (pretalx
submission types, frab/pentabarf break titles, django-amber session folders, PyCon JP's format
codes), from the real schedules of the golden cases; each now gets the same answer through
slots.py whatever base asks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scrapers.domain.slots import not_talk_type, talk_kind
from scrapers.platforms.customjson import session_kind
from scrapers.platforms.pentabarf import break_reason
from scrapers.platforms.pretalx import not_talk_reason as pretalx_not_talk

PLATFORMS = Path(__file__).resolve().parents[2] / "scrapers" / "platforms"


@pytest.mark.parametrize(
    ("type_name", "reason"),
    [
        ("Lunch", "meal"),  # PyCon FR 2024/2025's PyLadies lunch: a meal, as for every base
        ("Déjeuner", "meal"),
        ("Sprint", "sprint"),
        ("Coffee break", "break"),
        ("Social event", "social"),
        ("General Assembly", None),  # PyCon FR: recorded, a talk
        ("Short plenary", None),
        ("Workshop 60 Min", None),
    ],
)
def test_a_type_name_says_whether_slots_of_that_type_are_talks(
    type_name: str, reason: str | None
) -> None:
    assert not_talk_type(type_name) == reason


def test_pretalx_asks_every_language_of_a_submission_type() -> None:
    assert pretalx_not_talk(["Lunch", "Déjeuner"]) == "meal"
    assert pretalx_not_talk(["Plenary", "Plénière"]) is None


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        ("Coffee Break", "break"),  # frab/pentabarf exports without persons
        ("Coffe Break", "break"),
        ("CAFÉ", "break"),
        ("Pausa café", "break"),
        ("Comida", "meal"),
        ("Lunch", "meal"),
        ("Welcome reception", "social"),
        ("Sprints", None),  # a sprint is no break: pentabarf leaves it to the talk rules
        ("Opening Ceremony", None),
    ],
)
def test_pentabarf_break_titles(title: str, reason: str | None) -> None:
    assert break_reason(title) == reason


@pytest.mark.parametrize(
    ("title", "hint", "kind"),
    [
        ("Apprendre à utiliser Open Telemetry", "Workshop", "workshop"),  # pretalx type
        ("Spiele lieber dezentral", "Workshop 110min", "workshop"),
        ("Atelier de programmation pour les enfants", "", "workshop"),
        ("Humble Data", "Conference Workshop", "workshop"),  # EuroPython session_type
        ("Introducing Pydantic's new platform", "sponsor-workshop", "talk"),  # PyCon US
        ("Sprinting with Django", "workshop", "workshop"),  # django-amber folder
        ("Lightning Talks", "talk", "lightning"),
        ("Keynote: Data", "keynote", "keynote"),
        ("x", "LightningTalk 15min 10min Q&A", "lightning"),
        ("Python製シェル xonshの紹介", "lt", "lightning"),  # PyCon JP's format code
        ("path('/user/&lt;user.username:user&gt;/', view_profile)", "talks", "talk"),
        ("Accueil", "Plenary", "plenary"),
    ],
)
def test_kinds(title: str, hint: str, kind: str) -> None:
    assert talk_kind(title, hint) == kind


@pytest.mark.parametrize(
    ("value", "kind"),
    [("keynote", "keynote"), ("lt", "lightning"), ("invited_talk", "talk"), ("pt_i", "talk")],
)
def test_custom_json_format_codes(value: str, kind: str) -> None:
    assert session_kind(value) == kind


def test_no_platform_base_keeps_a_slot_table_of_its_own() -> None:
    """Module-level tables of slot words (``KINDS``, ``NOT_TALK_*``, ``BREAK_RE``...) belong in
    slots.json; a base that adds one gives a second answer that will drift."""
    suspicious = ("KIND", "NOT_TALK", "BREAK", "MEAL", "SPRINT")
    found = []
    for path in sorted(PLATFORMS.glob("*.py")):
        for node in ast.parse(path.read_text("utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and any(w in target.id for w in suspicious):
                    found.append(f"{path.name}: {target.id}")
    assert found == []
