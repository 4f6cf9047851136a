"""FreezeStartupObjects: start-up objects leave the collector's reach once per process."""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.utils.test import get_crawler

from scrapers import settings as project_settings
from scrapers.extensions import FreezeStartupObjects


def test_start_up_objects_are_frozen_once_when_the_spider_opens() -> None:
    assert "scrapers.extensions.FreezeStartupObjects" in project_settings.EXTENSIONS
    crawler = get_crawler(settings_dict={"EXTENSIONS": {}})
    extension = FreezeStartupObjects.from_crawler(crawler)  # signals hold handlers weakly
    gc.unfreeze()  # as a fresh process: nothing frozen yet
    assert gc.get_freeze_count() == 0
    crawler.signals.send_catch_log(signals.spider_opened, spider=None)
    frozen = gc.get_freeze_count()
    assert frozen > 0
    kept = [object()]  # made after the freeze: a second crawl in this process leaves it alone
    crawler.signals.send_catch_log(signals.spider_opened, spider=None)
    assert gc.get_freeze_count() == frozen and kept and extension
