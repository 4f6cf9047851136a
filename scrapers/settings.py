"""Scrapy settings of the project. Every knob a volunteer may turn is a setting, not a global."""

BOT_NAME = "pyvideo-scrapers"

SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
COMMANDS_MODULE = "scrapers.commands"

# Be polite: schedule sites are small servers run by volunteers.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.25
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
USER_AGENT = "pyvideo-scrapers (+https://github.com/pyvideo/data)"
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

# The data's journey: clean -> curate -> speakers -> dates -> match -> dedupe -> validate -> review
# -> write (review reads the tree as it was before the crawl; its page is written at the end).
ITEM_PIPELINES = {
    "pipelines.clean.CleanTextPipeline": 100,
    "pipelines.curate.CuratePipeline": 200,
    "pipelines.speakers.SpeakersPipeline": 300,
    "pipelines.dates.DatesPipeline": 400,
    "pipelines.match.MatchPipeline": 500,
    "pipelines.dedupe.DedupePipeline": 600,
    "pipelines.validate.ValidatePipeline": 700,
    "pipelines.review.ReviewPipeline": 750,
    "pipelines.write.WritePipeline": 800,
}

# A download error is one line naming the URL, and fails the crawl (scrapers/downloaderrors.py).
SPIDER_MIDDLEWARES = {"scrapers.downloaderrors.OneLineDownloadErrors": 50}

EXTENSIONS = {
    "scrapers.extensions.DataTree": 0,
    "scrapers.extensions.FreezeStartupObjects": 0,
    "scrapers.summary.CrawlSummary": 500,
}

# Where event folders are written: a pyvideo-data checkout, or the project's own output/.
PYVIDEO_DATA_DIR = "output"
# Where match reports (JSON) and review pages (HTML) go; never inside the data tree, whose event
# folders allow nothing else.
PYVIDEO_REPORT_DIR = "reports"
# Also write the review page's rows as reports/<event>.review.json (scrapy publish sets it).
PYVIDEO_REVIEW_ROWS = False
# Fields an update may overwrite in an existing record (default none: only empty ones filled).
PYVIDEO_UPDATE_FIELDS: list[str] = []
# Fail the crawl (exit status 1) when more than this share of records is invalid.
PYVIDEO_MAX_INVALID_RATIO = 0.2

# YouTube Data API v3: the key comes from the environment (YOUTUBE_API_KEY) or -s YOUTUBE_API_KEY=
YOUTUBE_API_URL = "https://www.googleapis.com/youtube/v3"
YOUTUBE_API_KEY = ""
# Without a key, follow the playlist page's continuations (more than the first 100 videos)?
YOUTUBE_FOLLOW_CONTINUATIONS = False

# scrapy check-videos (scrapers/tooling/videowatch.py): politeness, budget and endpoints (tests
# point the URLs at 127.0.0.1)
YOUTUBE_OEMBED_URL = "https://www.youtube.com/oembed"  # the keyless check, one request per video
WAYBACK_API_URL = "https://archive.org"  # + /wayback/available?url=
CHECK_VIDEOS_CONCURRENCY_PER_HOST = 2
CHECK_VIDEOS_DELAY = 1.0  # seconds between two requests to one host
CHECK_VIDEOS_RETRIES = 3  # on 5xx, 429 and network errors, with back-off
CHECK_VIDEOS_BACKOFF = 2.0  # first retry wait in seconds, doubled each time
CHECK_VIDEOS_EVERY_DAYS = 7.0  # how long an "ok" answer holds
# units a (Pacific) day: 10,000 per project, the crawls need the rest
CHECK_VIDEOS_YOUTUBE_QUOTA = 9000

# Record and replay (scrapers/tooling/httpcache.py): RECORDING_MODE = off | record | replay.
RECORDING_MODE = "off"
RECORDING_DIR = ""

FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

ADDONS = {"scrapers.addons.RecordReplay": 0}
