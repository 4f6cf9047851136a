"""The record logic, without the crawl framework: what a record is and how it is built.

Names and aliases (``names``), text and reStructuredText (``text``), slot rules (``slots``),
matching talks to recordings (``matching``), YouTube-only curation (``curation/``), the record
(``record``), its checks against the data repo's schemas and rules (``validation``), the data
tree's paths, index and atomic writer (``datatree``), and the small rule loaders (``policy``).
Nothing here imports Scrapy (tests/unit/test_layout.py), so a script, a notebook or the data
repository's CI can use it; the crawl layer (pipelines, platforms) and the tooling build on it.
"""
