"""``scrapy review EVENT_DIR``: the review page of one event folder of any data tree.

For a pull request someone made by hand: the rows and flags of a crawl's page (no match
evidence: a folder does not keep it), plus check-data's per-record rules. Speaker names are
compared with the rest of the tree (the folder's parent, this event left out). Written to
``PYVIDEO_REPORT_DIR/<event>.html`` unless ``-o FILE`` says otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from scrapers.domain.datatree import safe_slug, tree_path
from scrapers.review import folder_page, folder_rows


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[-o FILE] EVENT_DIR"

    def short_desc(self) -> str:
        return "Write the review page (HTML) of one event folder of a data tree"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", help="where to write the page")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one event folder (a folder holding category.json and videos/)")
        folder = Path(args[0]).resolve()
        if not (folder / "videos").is_dir():
            print(f"{args[0]}: not an event folder (no videos/ in it)")
            self.exitcode = 2
            return
        category, rows, names = folder_rows(folder, tree=folder.parent)
        page = folder_page(folder, rows, category, names)
        if opts.output:
            path = Path(opts.output)
        else:
            problem = safe_slug(folder.name)
            if problem:
                print(f"{args[0]}: {problem}; give -o FILE")
                self.exitcode = 2
                return
            reports = Path(self.settings.get("PYVIDEO_REPORT_DIR") or "reports")
            reports.mkdir(parents=True, exist_ok=True)
            path = tree_path(reports, f"{folder.name}.html")
        path.write_text(page, encoding="utf-8")
        flagged = sum(1 for r in rows if r.flags)
        print(f"{path}: {len(rows)} rows, {flagged} flagged")
