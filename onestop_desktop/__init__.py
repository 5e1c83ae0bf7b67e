"""OneStop Desktop: the counter application of a commune one-stop office."""

__version__ = "0.1.0"
