"""Read messages out of mail archives: a folder of files, mbox, Maildir.

Readers stream: they yield one :class:`MailItem` at a time and keep bytes until
the caller parses them.  A message that cannot be read becomes an item with
``error`` set, never a silent gap.
"""

from __future__ import annotations

import mailbox
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ArchiveError

__all__ = ["MailItem", "iter_messages"]


@dataclass(frozen=True)
class MailItem:
    """One message read from an archive: where it came from, and its raw bytes or an error."""

    source: str
    data: bytes | None
    error: str | None = None


def _iter_folder(root: Path) -> Iterator[MailItem]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.startswith(".") or name == "cmds":
                continue
            path = Path(dirpath) / name
            try:
                yield MailItem(str(path), path.read_bytes())
            except FileNotFoundError:
                continue  # vanished while we walked: it is no longer part of the folder
            except OSError as exc:
                yield MailItem(str(path), None, f"cannot read: {exc.strerror or exc}")


def _iter_mailbox(box: mailbox.Mailbox, label: str) -> Iterator[MailItem]:
    for index, key in enumerate(box.iterkeys()):
        try:
            yield MailItem(f"{label}:{index}", box.get_bytes(key))
        except KeyError:
            continue
        except OSError as exc:
            yield MailItem(f"{label}:{index}", None, f"cannot read: {exc}")


def iter_messages(path: str | os.PathLike[str]) -> Iterator[MailItem]:
    """Yield every message in ``path`` (a message file, folder, Maildir or mbox)."""
    root = Path(path)
    if not root.exists():
        raise ArchiveError(f"{root}: no such file or directory")
    if root.is_dir():
        if all((root / sub).is_dir() for sub in ("cur", "new", "tmp")):
            yield from _iter_mailbox(mailbox.Maildir(root, create=False), str(root))
        else:
            yield from _iter_folder(root)
        return
    try:
        with open(root, "rb") as fh:
            head = fh.read(5)
    except OSError as exc:
        raise ArchiveError(f"{root}: cannot read: {exc.strerror or exc}") from exc
    if head == b"From ":
        yield from _iter_mailbox(mailbox.mbox(root, create=False), str(root))
    else:
        yield MailItem(str(root), root.read_bytes())
