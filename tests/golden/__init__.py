"""The verdict snapshot: every message of ../shared/corpora scored by the shipped model."""
