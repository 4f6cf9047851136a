"""Tools around the crawl, for volunteers and CI: recording and replay (``httpcache``), golden
cases and the in-process runner (``golden``), the child-process crawl command (``crawlcmd``),
the data check (``checkdata``), data pull requests (``publish``), the spider conventions linter
(``conventions``) and the video availability check (``videowatch``). Commands in
``scrapers/commands/`` call them; nothing in the domain or crawl layers imports them.
"""
