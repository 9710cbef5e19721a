"""Helpers shared by the sub-commands: reading a message argument, progress bars."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..archives import size_hint
from ..errors import ArchiveError, SpamkitError

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


def progress(
    iterable: Iterable[T],
    *,
    desc: str,
    quiet: bool = False,
    unit: str = "msg",
    inputs: Sequence[str] = (),
) -> Any:
    """A tqdm bar on stderr when it is a terminal; the plain iterable otherwise.

    The bar has a total (and an ETA) when ``iterable`` has a length, or when it yields
    the messages of ``inputs`` and each of them is a folder or a Maildir (counted up
    front, INBOX only, as training reads a Maildir).
    """
    if quiet or not sys.stderr.isatty():
        return iterable
    from tqdm import tqdm

    total = _message_total(inputs) if inputs else None
    return tqdm(iterable, desc=desc, unit=unit, total=total, file=sys.stderr, dynamic_ncols=True)


def _message_total(inputs: Sequence[str]) -> int | None:
    """The messages of ``inputs`` if all are folders or Maildirs (listed, not read); else None."""
    total = 0
    for path in inputs:
        try:
            hint = size_hint(path, subfolders=False)
        except ArchiveError:
            continue  # reported when it is read
        if hint is None or hint[1] != "msg":
            return None  # an mbox is measured in bytes, which this bar does not count
        total += hint[0]
    return total
