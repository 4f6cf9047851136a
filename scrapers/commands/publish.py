"""``scrapy publish <spider> -a year=YYYY --data-repo PATH``: crawl into a pyvideo-data checkout
and open or update that event's data pull request (see :mod:`scrapers.tooling.publish`).

Exit status 1 when any step fails (crawl, data checks on the files the crawl changed, push,
GitHub API), so the scheduled job shows the failure, and the data checkout is then back on the
branch and in the state it was in; 0 also when there was nothing to publish.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from scrapers.tooling.publish import DEFAULT_API_URL, DEFAULT_REPO, Options, PublishError, publish


def _pairs(values: list[str] | None, flag: str) -> dict[str, str]:
    pairs = {}
    for value in values or []:
        key, sep, rest = value.partition("=")
        if not sep or not key:
            raise UsageError(f"invalid {flag} value, use {flag} NAME=VALUE: {value!r}")
        pairs[key] = rest
    return pairs


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "<spider> [-a NAME=VALUE ...] [-s NAME=VALUE ...] --data-repo PATH [options]"

    def short_desc(self) -> str:
        return "Crawl one event into a pyvideo-data checkout and open or update its pull request"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)  # includes -s NAME=VALUE, passed through to the crawl
        parser.add_argument(
            "-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE",
            help="spider argument, passed through to the crawl",
        )  # fmt: skip
        parser.add_argument("--data-repo", required=True, help="pyvideo-data checkout")
        parser.add_argument(
            "--repo", default=DEFAULT_REPO, help="owner/name the pull request is opened against"
        )
        parser.add_argument(
            "--fork", help="owner/name the branch is pushed to (default: --repo itself)"
        )
        parser.add_argument("--base", help="base branch (default: the base remote's default)")
        parser.add_argument(
            "--base-remote", default="origin", help="remote name or URL of the base branch"
        )
        parser.add_argument(
            "--push-remote", default="origin", help="remote name or URL the branch is pushed to"
        )
        parser.add_argument("--branch-prefix", default="pyvideo-scrapers/")
        parser.add_argument("--api-url", default=DEFAULT_API_URL, help="GitHub REST API base")
        parser.add_argument(
            "--token-env", default="GITHUB_TOKEN", help="environment variable holding the token"
        )
        parser.add_argument(
            "--artifacts",
            help="folder for the crawl log, match report, review page and pull request body",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would be pushed and the body"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        options = Options(
            spider=args[0],
            data_repo=Path(opts.data_repo),
            spargs=_pairs(opts.spargs, "-a"),
            settings=_pairs(opts.set, "-s"),
            repo=opts.repo,
            fork=opts.fork,
            base=opts.base,
            base_remote=opts.base_remote,
            push_remote=opts.push_remote,
            branch_prefix=opts.branch_prefix,
            api_url=opts.api_url,
            token_env=opts.token_env,
            artifacts=Path(opts.artifacts).resolve() if opts.artifacts else None,
            dry_run=opts.dry_run,
        )
        try:
            publish(options, os.environ)
        except PublishError as exc:
            sys.stderr.write(f"publish failed: {exc}\n")
            self.exitcode = 1
