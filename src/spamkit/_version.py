"""spamkit's version, in a file that imports nothing: the package, the CLI and models read it."""

__version__ = "0.1.0"
