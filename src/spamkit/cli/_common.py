"""Helpers shared by the sub-commands: reading a message argument, progress bars."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import SpamkitError

T = TypeVar("T")

#: A message bigger than this is refused by ``classify FILE`` (an archive is not a message).
MAX_MESSAGE_BYTES = 64 * 2**20


def read_message(path: str) -> bytes:
    """Bytes of one message from ``path`` or ``-`` (stdin), or a one-line SpamkitError."""
    if path == "-":
        return sys.stdin.buffer.read(MAX_MESSAGE_BYTES + 1)[:MAX_MESSAGE_BYTES]
    file = Path(path)
    try:
        if file.is_dir():
            raise SpamkitError(f"{path}: is a directory (use `spamkit score` for archives)")
        with open(file, "rb") as fh:
            return fh.read(MAX_MESSAGE_BYTES)
    except FileNotFoundError as exc:
        raise SpamkitError(f"{path}: no such file") from exc
    except OSError as exc:
        raise SpamkitError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def progress(iterable: Iterable[T], *, desc: str, quiet: bool = False, unit: str = "msg") -> Any:
    """A tqdm bar on stderr when it is a terminal; the plain iterable otherwise."""
    if quiet or not sys.stderr.isatty():
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, desc=desc, unit=unit, file=sys.stderr, dynamic_ncols=True)
