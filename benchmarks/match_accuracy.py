"""Match accuracy of the schedule + playlist spiders against pyvideo-data's curated events.

Each case is crawled from its recording into a temporary tree, WITHOUT the schedule's own video
links (``-a schedule_links=no``: they would make matching trivial), then every written record is
compared with the curated record of the same YouTube id in the pyvideo-data snapshot:

- coverage: every curated video is written;
- precision / recall: the written record was built from the talk the schedule links to the video,
  else the talk whose title the curated title contains (or contains), else the talk whose slot
  is the curated ``recorded`` date-time; a record built from the video alone counts as not
  attached, and a pair none of these confirms counts as wrong ("unconfirmed");
- speakers and titles: agreement on matched talks (case-, accent- and space-insensitive).

    python benchmarks/match_accuracy.py [--corpus DIR] [--links]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scrapers.tooling.crawlcmd import child_env, crawl_command, tree_settings  # noqa: E402
from tests.shared import extracted_corpus  # noqa: E402

CASES = {"pycon-au-2020": ("pycon-au", "2020"), "pycon-uk-2017": ("pycon-uk", "2017")}


def norm(text: str) -> str:
    """Compare names and titles without case, accents, punctuation spacing."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def youtube_id(record: dict) -> str | None:
    for video in record.get("videos", []):
        url = video.get("url", "")
        if "v=" in url:
            return url.split("v=", 1)[1].split("&")[0]
        if "youtu.be/" in url:
            return url.rsplit("/", 1)[1]
    return None


def load(folder: Path) -> dict[str, dict]:
    out = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        vid = youtube_id(data)
        if vid:
            out[vid] = data
    return out


def crawl(event: str, tmp: Path, links: bool) -> tuple[dict[str, dict], dict]:
    """Replay the case; the written records by video id and the match report."""
    spider, year = CASES[event]
    args = {"year": year} | ({} if links else {"schedule_links": "no"})
    settings = {
        **tree_settings(tmp, ROOT / "tests" / "recordings" / event),
        "YOUTUBE_API_KEY": "replay-key",
        "PYVIDEO_RECORDED_TIME": "True",  # the slot's time, to compare with a curated date-time
        "LOG_LEVEL": "WARNING",
    }
    cmd = crawl_command(spider, args, settings)
    proc = subprocess.run(
        cmd, cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=600
    )
    if proc.returncode != 0:
        raise SystemExit(f"{event}: crawl failed\n{proc.stderr[-3000:]}")
    report_path = tmp / "reports" / f"{event}.match.json"
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    return load(tmp / "data" / event / "videos"), report


def matched_ids(report: dict) -> dict[str, str]:
    """Video id -> talk id, for the pairs the matcher made."""
    return {str(p["video_id"]): str(p["talk_id"]) for p in report.get("pairs", [])}


def truth(event: str) -> dict[str, str]:
    """Video id -> talk id the schedule itself links (its ``youtube_slug`` / ``video``)."""
    with tempfile.TemporaryDirectory() as tmp:
        _, report = crawl(event, Path(tmp), links=True)
    return {
        str(p["video_id"]): str(p["talk_id"])
        for p in report.get("pairs", [])
        if p.get("evidence") == "schedule link"
    }


def same_names(a: list[str], b: list[str]) -> bool:
    return sorted(map(norm, a)) == sorted(map(norm, b))


def evaluate(event: str, corpus: Path, links: bool) -> bool:
    """Print the figures and every disagreement; True when the acceptance bars are met."""
    curated = load(corpus / event / "videos")
    linked = truth(event)
    with tempfile.TemporaryDirectory() as tmp:
        written, report = crawl(event, Path(tmp), links)
    pairs = matched_ids(report)
    talk_titles = {str(p["video_id"]): p.get("talk_title", "") for p in report.get("pairs", [])}
    missing = sorted(set(curated) - set(written))
    attached = [v for v in curated if v in pairs]

    def is_right(vid: str) -> bool:
        if vid in linked:  # the schedule's own link is the answer
            return pairs[vid] == linked[vid]
        a, b = norm(talk_titles[vid]), norm(curated[vid]["title"])
        if a and (a in b or b in a):  # no link: the curated title names the talk
            return True
        want = str(curated[vid].get("recorded") or "")  # or the curated slot is the talk's
        return len(want) > 10 and want == str(written[vid].get("recorded") or "")

    right = [v for v in attached if is_right(v)]
    same_speakers = [
        v for v in attached if same_names(written[v]["speakers"], curated[v]["speakers"])
    ]
    same_title = [v for v in attached if norm(written[v]["title"]) == norm(curated[v]["title"])]
    problems = []
    for vid in sorted(curated):
        want, got = curated[vid], written.get(vid)
        if got is None:
            problems.append(f"{vid}: not written ({want['title']!r})")
        elif vid not in pairs:
            problems.append(f"{vid}: no talk attached ({want['title']!r})")
        else:
            if vid not in right:
                problems.append(
                    f"{vid}: WRONG or unconfirmed talk {pairs[vid]} ({talk_titles[vid]!r}) for "
                    f"{want['title']!r}"
                )
            if norm(got["title"]) != norm(want["title"]):
                problems.append(f"{vid}: title {got['title']!r} != curated {want['title']!r}")
            if not same_names(got["speakers"], want["speakers"]):
                problems.append(f"{vid}: speakers {got['speakers']} != curated {want['speakers']}")
    n = len(curated)
    precision = len(right) / len(attached) if attached else 0.0
    recall = len(right) / n if n else 0.0
    speakers = len(same_speakers) / len(attached) if attached else 0.0
    titles = len(same_title) / len(attached) if attached else 0.0
    print(
        f"{event}{' (with schedule links)' if links else ''}: curated {n}, written "
        f"{len(written)}, missing {len(missing)}, attached {len(attached)}, right {len(right)} "
        f"(schedule links known for {len(linked)}): precision {precision:.1%}, recall "
        f"{recall:.1%}, speakers {speakers:.1%}, titles {titles:.1%}"
    )
    for line in problems:
        print(f"  {line}")
    return (
        not missing and precision >= 0.98 and recall >= 0.95 and speakers >= 0.9 and titles >= 0.9
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", nargs="*", default=sorted(CASES))
    parser.add_argument(
        "--corpus", type=Path, help="an extracted corpus (default: ../shared/corpus, extracted)"
    )
    parser.add_argument("--links", action="store_true", help="keep the schedule's video links")
    args = parser.parse_args()
    args.corpus = args.corpus or extracted_corpus()
    ok = [evaluate(e, args.corpus, args.links) for e in args.events]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    raise SystemExit(main())
