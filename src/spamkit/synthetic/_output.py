"""Write generated mail to folders that training and evaluation read."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ._mail import GeneratedMail

__all__ = ["INDEX_COLUMNS", "write_mails"]

#: Columns of ``index.tsv``.
INDEX_COLUMNS = ("file", "label", "kind", "language", "charset", "families")


def _families(mail: GeneratedMail) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(mail.family.items()))


def write_mails(mails: Iterable[GeneratedMail], directory: str | os.PathLike[str]) -> Path:
    """Write ``DIR/<kind>/<00001>.eml`` per message and ``DIR/index.tsv``.

    Parameters
    ----------
    mails : iterable of GeneratedMail
    directory : path
        Created if missing; must be empty, so that no file of an earlier run mixes in.

    Returns
    -------
    Path
        The index file.

    Raises
    ------
    FileExistsError
        When ``directory`` exists and is not empty.
    """
    root = Path(directory)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise FileExistsError(f"{root}: exists and is not an empty directory")
    root.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    rows = ["\t".join(INDEX_COLUMNS)]
    for mail in mails:
        counts[mail.kind] = counts.get(mail.kind, 0) + 1
        rel = Path(mail.kind) / f"{counts[mail.kind]:05d}.eml"
        path = root / rel
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(mail.raw)
        rows.append(
            "\t".join(
                (
                    rel.as_posix(),
                    mail.label,
                    mail.kind,
                    mail.language,
                    mail.charset,
                    _families(mail),
                )
            )
        )
    index = root / "index.tsv"
    tmp = root / "index.tsv.tmp"
    tmp.write_text("\n".join(rows) + "\n", encoding="utf-8")
    tmp.replace(index)
    return index
