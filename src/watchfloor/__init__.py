"""watchfloor: a sourced, geolocated, time-resolved picture of a security situation."""

__version__ = "0.1.0"
