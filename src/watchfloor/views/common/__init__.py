"""common: what the views share, so that none imports another's routes.

``export`` writes events and readings in every export format; ``text`` makes untrusted article text safe (escaped HTML with its evidence
marked, one-line terminal text); ``svg`` draws the offline map and timeline
(the basemap and styles live in ``data/`` and ``static/``); ``watches`` is
what a saved watch asks and how an event matches it; ``queries`` joins the
store's read queries with what linking and watches add.
"""
