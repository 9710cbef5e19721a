"""What the sub-commands share: their common options (one table), reading a message, progress."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..archives import size_hint
from ..errors import ArchiveError, SpamkitError

if TYPE_CHECKING:
    from ..classifier import Classifier
    from ..training import LabelledCorpus

T = TypeVar("T")

#: A message bigger than this is refused by ``classify FILE`` (an archive is not a message).
MAX_MESSAGE_BYTES = 64 * 2**20

#: The options several commands take, defined once: name -> (flags, argparse settings).
#: A command picks what applies with :func:`add_options`.
OPTIONS: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "model": (
        ("--model",),
        {"metavar": "DIR", "help": "model directory (default: the shipped model)"},
    ),
    "threshold": (
        ("--threshold",),
        {
            "type": float,
            "metavar": "SCORE",
            "help": "score at or above which mail is spam (default: the model's own)",
        },
    ),
    "rules": (
        ("--rules",),
        {
            "metavar": "TOML",
            "help": "rules file laid over the shipped rules: re-weight or disable rules"
            " (DNSBL symbols too), add header/body/uri pattern and meta rules, change the"
            " lists (see the README)",
        },
    ),
    "quiet": (("--quiet", "-q"), {"action": "store_true", "help": "no progress bar"}),
}


def add_options(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup,
    *names: str,
    **overrides: Mapping[str, Any],
) -> None:
    """Add the shared options ``names`` to ``parser``; ``overrides[name]`` adjusts one's settings.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_options(parser, "model", "threshold", model={"required": True})
    >>> parser.parse_args(["--model", "m", "--threshold", "1.5"])
    Namespace(model='m', threshold=1.5)
    """
    for name in names:
        flags, settings = OPTIONS[name]
        parser.add_argument(*flags, **{**settings, **overrides.get(name, {})})


def classifier_from(args: argparse.Namespace) -> Classifier:
    """The :class:`~spamkit.Classifier` that ``--model``, ``--threshold`` and ``--rules`` name."""
    from ..classifier import Classifier

    return Classifier(args.model, threshold=args.threshold, rules=args.rules)


def labelled_corpus(
    args: argparse.Namespace, command: str, *, need_both: bool = True
) -> LabelledCorpus:
    """Read and parse ``--ham`` and ``--spam``; say what was skipped; refuse one class alone.

    ``need_both=False`` accepts one class (adapting a model to a site's ham), not none.
    """
    from ..training import load_corpus

    corpus = load_corpus(
        args.ham,
        args.spam,
        progress=lambda it: progress(
            it, desc="reading", quiet=args.quiet, inputs=[*args.ham, *args.spam]
        ),
    )
    for source, error in corpus.errors:
        print(f"spamkit {command}: skipped {source}: {error}", file=sys.stderr)
    n_spam = sum(corpus.labels)
    n_ham = len(corpus.labels) - n_spam
    if (need_both and not (n_ham and n_spam)) or not (n_ham or n_spam):
        raise SpamkitError(f"need both ham and spam; found {n_ham} ham, {n_spam} spam")
    return corpus


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
