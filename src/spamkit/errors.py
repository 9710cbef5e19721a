"""spamkit's exceptions.

SpamkitError
 ├── ModelError        a model file is missing, corrupt, tampered with or from another version
 ├── ArchiveError      an archive path is missing, unreadable or of no known kind
 └── ConfigError       a rules/options file is invalid
"""

from __future__ import annotations

__all__ = ["ArchiveError", "ConfigError", "ModelError", "SpamkitError"]


class SpamkitError(Exception):
    """Base class of every error spamkit raises on purpose."""


class ModelError(SpamkitError):
    """A model cannot be loaded or saved safely."""


class ArchiveError(SpamkitError):
    """A mail archive cannot be opened or read."""


class ConfigError(SpamkitError):
    """A rules, list or options file is invalid."""
