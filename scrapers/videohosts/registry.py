"""The video hosts a crawl reads, by the spider argument each answers to.

Apart from the interface (``scrapers/videohosts/__init__.py``) because it imports every host,
and every host imports the interface.
"""

from __future__ import annotations

from scrapers.videohosts import VideoHost
from scrapers.videohosts.peertube import PeerTubeHost
from scrapers.videohosts.youtube import YouTubeHost

# In reading order: recordings are numbered across hosts in this order.
HOSTS: dict[str, VideoHost] = {host.argument: host for host in (YouTubeHost(), PeerTubeHost())}
