"""Package discovery, the one thing pyproject.toml cannot say for spamkit.

Every package under ``src/`` is found automatically (namespace packages such as the
``spamkit.data`` folder included), and the shipped models, which live in ``models/``
beside their cards, are added as ``spamkit._models``.  ``[tool.setuptools.packages.find]``
can search ``src/`` but cannot map a second folder to a sub-package, and a hand-written
list goes stale whenever a sub-package is added.  Everything else is in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

_SKIP = ["*__pycache__*"]

setup(
    packages=find_namespace_packages("src", include=["spamkit", "spamkit.*"], exclude=_SKIP)
    + ["spamkit._models"]
    + ["spamkit._models." + name for name in find_namespace_packages("models", exclude=_SKIP)],
)
