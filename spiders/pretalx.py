"""Any pretalx event, named on the command line (no editions to declare).

Conference: any event on a pretalx instance (pretalx.com or self-hosted).
Platform: ``PretalxSpider`` (2025 API, then legacy API, then the schedule export).
Caveats: nothing is pinned, so two crawls may differ; give a conference its own spider (with
editions and a golden case) once it is crawled more than once.
Usage::

    scrapy crawl pretalx -a pretalx_url=https://pretalx.com -a pretalx_event=<slug> \\
        -a event=<event-slug> -a title="..." [-a playlist=<id>,...] [-a timezone=Europe/Paris] \\
        [-a locale=fr] [-a api=submissions|talks|export]
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from scrapers.platforms.base import ConfigError
from scrapers.platforms.pretalx import PretalxSpider


class GenericPretalxSpider(PretalxSpider):
    name = "pretalx"

    def __init__(
        self,
        *args: Any,
        pretalx_url: str | None = None,
        pretalx_event: str | None = None,
        locale: str | None = None,
        api: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not pretalx_url or not pretalx_event:
            raise ConfigError(
                "pretalx: give -a pretalx_url=<instance base URL> -a pretalx_event=<slug>"
            )
        if api and api not in self.endpoints:
            raise ConfigError(f"pretalx: -a api={api!r}: one of {', '.join(self.endpoints)}")
        options = {
            **self.edition.options,
            "pretalx_url": pretalx_url,
            "pretalx_event": pretalx_event,
        }
        if locale:
            options["locale"] = locale
        if api:
            options["api"] = api
        self.edition = replace(self.edition, options=options)
