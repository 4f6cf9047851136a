"""``scrapy conventions [FILE ...]``: the spider conventions, checked before review does."""

from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand

from scrapers.tooling.conventions import check


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False  # no spider loader: a broken spider must not stop us
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[FILE ...]"

    def short_desc(self) -> str:
        return "Check spider modules (all, or the files given) against the project's conventions"

    def long_desc(self) -> str:
        return (
            "One line per problem, '<file>: <rule>: <message>'; exit status 1 when there is one. "
            "Files outside the spider packages are ignored (pre-commit passes every changed "
            "file). The rules are listed in scrapers/tooling/conventions.py and CONTRIBUTING.md."
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        packages = self.settings.getlist("SPIDER_MODULES")
        problems = check(packages, files=args or None)
        for problem in problems:
            print(problem)
        checked = f"{len(args)} file(s)" if args else "every spider"
        print(f"conventions: {len(problems)} problem(s) in {checked}")
        self.exitcode = 1 if problems else 0
