"""``python -m spamkit``."""

import sys

from .cli import main

# Guarded: worker processes started by ``spawn``/``forkserver`` (``spamkit serve``)
# import the main module again, as ``__mp_main__``, and must not run the CLI.
if __name__ == "__main__":
    sys.exit(main())
