"""Watches: saved queries over the store that fire alerts when they gain events.

``model`` holds what a watch asks and how an event matches it (with the
reason); ``state`` keeps watches, their watermarks and the alerts already
fired in the store (so an alert fires once); ``sinks`` delivers alerts to
stdout, a webhook or email; ``run`` polls feeds, ingests, and evaluates.
See docs/watch.md.
"""
