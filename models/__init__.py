"""Shipped models (package ``spamkit._models``): ``default/`` holds the default model and its card."""
