"""Watches: saved queries over the store that fire alerts when they gain events.

``views.common.watches`` holds what a watch asks and how an event matches it
(with the reason; shared with the reports, the API and the pages);
``store.watches`` keeps watches, their watermarks and the alerts already fired
(so an alert fires once); ``sinks`` delivers alerts to stdout, a webhook or
email; ``run`` polls feeds, ingests (``watchfloor.flow``), and evaluates.
See docs/watch.md.
"""
