"""Build the schedule-export recordings (tests/recordings/<case>/) from the real fixture files.

No internet in CI or in the sandbox, so crawls of ``pycon-es``, ``pycon-jp``, ``pentabarf`` and
``sessionize`` replay recordings assembled here: each URL the spider requests maps to a
byte-for-byte copy of the real file. ``pycon-es`` and ``pycon-jp`` URLs come from the spiders'
editions (so the recordings follow a change of commit); the generic spiders' URLs are the ones
the tests pass on the command line
(``GENERIC_URLS``). The PyConES 2016 talk pages are stored under the URLs the schedule index
links to (``en/schedule/<slug>/index.html``).

Run from the project root (re-runnable; each recording is rebuilt, case.json and expected/ kept)::

    python tools/build_schedule_recordings.py [--fixtures ../shared/fixtures/schedules]
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scrapers.tooling.httpcache import Recording  # noqa: E402
from tests.shared import SCHEDULES  # noqa: E402

DEFAULT_FIXTURES = SCHEDULES
RAW_TYPE = "text/plain; charset=utf-8"  # what raw.githubusercontent.com serves for any text
XML_TYPE = "application/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"

# The URLs the generic spiders are given in tests (wafer's stock path; Sessionize's API).
# The Sessionize endpoint id of Global Azure Austria 2024 is not in the fixture: "gaa2024" is a
# stand-in, any id replays the same way.
SESSIONIZE_ID = "gaa2024"
GENERIC_URLS = {
    "pentabarf-debconf17": "https://debconf17.debconf.org/schedule/pentabarf.xml",
    "frab-json-cccamp-2019": "https://fahrplan.events.ccc.de/camp/2019/Fahrplan/schedule.json",
    "sessionize-global-azure-austria-2024": (
        f"https://sessionize.com/api/v2/{SESSIONIZE_ID}/view/All"
    ),
}


def pycon_es(year: int) -> dict[str, str]:
    """The options of a pycon-es edition (imported so URLs never drift from the spider)."""
    module = importlib.import_module("spiders.pycon_es")
    return module.PyconEsSpider.editions[year].options


def pycon_jp(year: int) -> dict[str, str]:
    """The options of a pycon-jp edition (imported so URLs never drift from the spider)."""
    module = importlib.import_module("spiders.pycon_jp")
    return module.PyconJpSpider.editions[year].options


def build(case: str, fixtures: Path, out: Path) -> int:
    """Rebuild one recording folder; returns the number of entries."""
    target = out / case
    # rebuild the recording only: case.json and expected/ are the test's, not the recording's
    shutil.rmtree(target / "bodies", ignore_errors=True)
    (target / "index.json").unlink(missing_ok=True)
    rec = Recording.open(target)
    if case == "pycon-es-2015":
        body = (fixtures / "pentabarf-xml/pycon-es-2015.xml").read_bytes()
        rec.add(pycon_es(2015)["schedule_url"], body, content_type=RAW_TYPE)
    elif case == "pycon-es-2016":
        options = pycon_es(2016)
        body = (fixtures / "pentabarf-xml/pycon-es-2016.xml").read_bytes()
        rec.add(options["schedule_url"], body, content_type=RAW_TYPE)
        html = fixtures / "html/pycon-es-2016"
        index = options["talk_pages_index"]
        rec.add(index, (html / "schedule-index.html").read_bytes(), content_type=RAW_TYPE)
        for page in sorted((html / "talks").glob("*.html")):
            url = urljoin(index, f"{page.stem}/index.html")
            rec.add(url, page.read_bytes(), content_type=RAW_TYPE)
    elif case == "pycon-jp-2019":
        body = (fixtures / "custom-json/pycon-jp-2019-sessions.json").read_bytes()
        rec.add(pycon_jp(2019)["sessions_url"], body, content_type=RAW_TYPE)
    elif case == "pentabarf-debconf17":
        body = (fixtures / "wafer/debconf17.xml").read_bytes()
        rec.add(GENERIC_URLS[case], body, content_type=XML_TYPE)
    elif case == "frab-json-cccamp-2019":
        body = (fixtures / "frab-json/cccamp-2019.json").read_bytes()
        rec.add(GENERIC_URLS[case], body, content_type=JSON_TYPE)
    elif case == "sessionize-global-azure-austria-2024":
        body = (fixtures / "sessionize/global-azure-austria-2024.json").read_bytes()
        rec.add(GENERIC_URLS[case], body, content_type=JSON_TYPE)
    else:
        raise SystemExit(f"unknown case {case!r}")
    rec.save()
    return len(rec)


CASES = (
    "pycon-es-2015",
    "pycon-es-2016",
    "pycon-jp-2019",
    "pentabarf-debconf17",
    "frab-json-cccamp-2019",
    "sessionize-global-azure-austria-2024",
)


def main(argv: list[str] | None = None) -> None:
    """Build every schedule recording (or the cases named on the command line)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", default=list(CASES))
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "recordings")
    args = parser.parse_args(argv)
    for case in args.cases:
        print(f"{case}: {build(case, args.fixtures, args.out)} entries")


if __name__ == "__main__":
    main()
