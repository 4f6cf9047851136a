"""Rebuild the check-data fixture trees from a pyvideo-data checkout (not run by the tests).

    python tests/data/checkdata/build.py <extracted ../shared/corpus snapshot>

Every record is a real record copied byte for byte; the "synthetic" ones are real records with
one field broken on purpose (see README.md).  Re-running gives the same bytes.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Real records that already show a known problem (path in the corpus -> rule).
REAL = {
    "djangocon-us-2017/videos/autopsy-of-a-slow-train-wreck.json": "speaker-variant",
    "djangocon-eu-2013/videos/djangocon-eu-2013-russell-keith-magee-class-based-views-untangling-the-mess.json": "title-speaker",  # noqa: E501
    "pydata/videos/workshop-panel-with-guido-van-rossum.json": "speaker-variant",
    "pycon-us-2012/videos/keynote-guido-van-rossum.json": "title-speaker",
    "pycon-us-2010/videos/keynote-state-of-cpython.json": "(Guido van Rossum, 2nd use)",
    "pygotham-2016/videos/Dplython-Intuitive-Data-Analysis,-Funky-Python.json": "whitespace",
    "pytexas-2017/videos/george-brocklehurst-what-is-this-machine-learning-thing-anyway-pytexas-2017.json": "speaker-alias",  # noqa: E501
    "python-web-conf-2020/videos/serverless-is-for-pragmatists-ci-cd-in-the-age-of-iac-by-anna-spysz-and-chase-douglas.json": "multi-speaker",  # noqa: E501
    "pycon-es-2014/videos/speed-without-drag-saul-diez-guerra.json": "recorded-year",
    "scipy-2013/videos/an-efficient-workflow-for-reproducible-science-s-1.json": "title-event",
    "euroscipy-2017/videos/euroscipy-2017-keras.json": "duplicate-youtube",
    "euroscipy-2018/videos/euroscipy-2017-keras.json": "duplicate-youtube",
    "puppy-meetup-2016-01/videos/assay-testing-framework.json": "youtube-url (t=, not fixable)",
    "chipy/videos/15260.json": "youtube-url (youtu.be, fixable)",
    "chipy/videos/genie.json": "thumbnail-url (i1.ytimg.com, fixable)",
    "pycon-es-2021/videos/sqlite-la-des-conocida-super-hormiga-pycones-2021.json": "rst",
    "pydata-london-2018/videos/keynote-democratising-data-journalism-charles-boutaud.json": "todo",
    "pyohio-2014/videos/diversity-in-tech.json": "no-publish",
    "pycon-de-2018/videos/pycon-de-2018-grammar-of-graphics-in-python-malte-harder.json": "unknown-key",  # noqa: E501
    "python_porto/videos/appier_framework.json": "event-slug",
}
CLEAN = [
    "caipyra-2016/videos/containerize-all-the-things-andrews-medina.json",
    "caipyra-2016/videos/de-professor-do-ensino-fundamental-a-desenvolvedor-python-matheus-godoy.json",
    "caipyra-2016/videos/desenvolvendo-apis-rest-com-python-3-e-asyncio-renato-garcia.json",
]
BASE = "djangocon-au-2017/videos/horrors-of-distributed-systems.json"


def canonical(obj: object) -> str:
    return json.dumps(obj, indent=2, separators=(",", ": "), sort_keys=True) + "\n"


def copy(corpus: Path, rel: str, dest: Path) -> None:
    event = rel.split("/")[0]
    (dest / event / "videos").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(corpus / event / "category.json", dest / event / "category.json")
    shutil.copyfile(corpus / rel, dest / rel)


def main(corpus: Path) -> None:
    for name in ("clean", "broken"):
        shutil.rmtree(HERE / name, ignore_errors=True)
    for rel in CLEAN:
        copy(corpus, rel, HERE / "clean")
    broken = HERE / "broken"
    for rel in REAL:
        copy(corpus, rel, broken)
    shutil.copyfile(corpus / "NO_PUBLISH.json", broken / "NO_PUBLISH.json")
    (broken / "djangocon-us-2017" / "README.md").write_text("not allowed here\n")  # layout

    # djangocon-au-2017: one real, clean record broken in one way per file.
    base = json.loads((corpus / BASE).read_bytes())
    event = broken / "djangocon-au-2017"
    copy(corpus, BASE, broken)
    breaks = {
        "language.json": {"language": "en"},
        "schema.json": {"recorded": "2017-8-4"},
        "bad-date.json": {"recorded": "2017-02-30", "title": "Bad date"},
        "empty-title.json": {"title": "", "slug": "empty-title"},
        "duplicate-speaker.json": {"speakers": ["Guido van Rossum", "Guido Van Rossum"]},
        "tags.json": {"tags": ["Django", "django "], "title": "Tags"},
        "todo-speaker.json": {"speakers": ["TBA"], "title": "Talk TBA"},
        "id-1.json": {"id": 424242, "title": "Same id one"},
        "id-2.json": {"id": 424242, "title": "Same id two"},
        "lightning-talks-1.json": {
            "title": "Lightning Talks",
            "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=aaaaaaaaaa1"}],
        },
        "lightning-talks-2.json": {
            "title": "Lightning Talks",
            "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=aaaaaaaaaa2"}],
        },
    }
    for n, (name, change) in enumerate(breaks.items()):
        record = dict(base, **change)
        if "videos" not in change:  # keep YouTube ids distinct from the base record's
            record["videos"] = [
                {"type": "youtube", "url": f"https://www.youtube.com/watch?v=bbbbbbbbb{n:02d}"}
            ]
        vid = record["videos"][0]["url"][-11:]
        record["thumbnail_url"] = f"https://i.ytimg.com/vi/{vid}/hqdefault.jpg"
        if "title" not in change:
            record["title"] = f"{base['title']} ({name[:-5]})"
        (event / "videos" / name).write_text(canonical(record))
    # Not canonical: indent 4 (a real serialization slip), and a truncated file.
    record = dict(
        base,
        title="Indented",
        videos=[{"type": "youtube", "url": "https://www.youtube.com/watch?v=ccccccccccc"}],
    )
    record["thumbnail_url"] = "https://i.ytimg.com/vi/ccccccccccc/hqdefault.jpg"
    (event / "videos" / "serialization.json").write_text(
        json.dumps(record, indent=4, sort_keys=True) + "\n"
    )
    (event / "videos" / "json.json").write_text(canonical(base)[:200])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
