"""The version of termlang, on the lowest floor so that any stage may name it."""

__version__ = "0.1.0"
