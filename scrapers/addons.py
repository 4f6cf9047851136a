"""Add-ons: settings that follow from other settings, applied after the command line's ``-s``."""

from __future__ import annotations

from scrapy.settings import BaseSettings


class RecordReplay:
    """Turn ``RECORDING_MODE=record|replay`` (+ ``RECORDING_DIR``) into HTTP cache settings.

    So a volunteer types ``-s RECORDING_MODE=replay -s RECORDING_DIR=tests/recordings/pyohio-2025``
    and nothing else; see scrapers/tooling/httpcache.py for the folder format.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        mode = settings.get("RECORDING_MODE", "off")
        if mode not in {"record", "replay"}:
            return
        settings.set("HTTPCACHE_ENABLED", True, "addon")
        settings.set("HTTPCACHE_STORAGE", "scrapers.tooling.httpcache.RecordingStorage", "addon")
        settings.set("HTTPCACHE_POLICY", "scrapy.extensions.httpcache.DummyPolicy", "addon")
        settings.set("HTTPCACHE_EXPIRATION_SECS", 0, "addon")
        settings.set("HTTPCACHE_IGNORE_MISSING", mode == "replay", "addon")
        if mode == "replay":
            # Replay must be fast and deterministic: no politeness delays, no robots.txt fetch.
            settings.set("ROBOTSTXT_OBEY", False, "addon")
            settings.set("AUTOTHROTTLE_ENABLED", False, "addon")
            settings.set("DOWNLOAD_DELAY", 0, "addon")
