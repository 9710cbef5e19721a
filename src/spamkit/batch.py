"""Score whole mail archives: streaming, parallel, in input order, nothing lost.

The engine behind ``python -m spamkit score``.  Messages are read lazily from the
archives (:mod:`spamkit.archives`), grouped into chunks of a few hundred, and each
chunk is scored in a worker process (joblib's loky backend, or a Dask cluster
through joblib's dask backend).  A worker loads its classifier once and sends
back finished output lines plus their labels, so little crosses the process
boundary: raw bytes go out, short strings come back, no ``Verdict`` objects are
pickled.  At most a few chunks are in flight at any time, so memory stays flat
whatever the size of the input.

Every message yields exactly one row, in input order.  A message that cannot be
read, parsed or scored gets a row whose label is ``"error"``.  Rows are flushed
chunk by chunk as whole lines, so an interrupted run (Ctrl-C, even ``kill -9``)
leaves a valid file that ``resume=True`` continues without duplicating a row.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import hashlib
import io
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, Literal, cast

from .archives import MailRef, iter_refs, size_hint, why_empty
from .errors import ArchiveError, SpamkitError
from .message import parse

__all__ = ["FIELDS", "FORMATS", "Summary", "score_archives", "score_items"]

#: Output columns, in order.  ``source`` is first so that ``resume`` can find a row's
#: message from the start of its line.
FIELDS: tuple[str, ...] = (
    "source",
    "message_id",
    "from",
    "subject",
    "label",
    "probability",
    "score",
    "reasons",
    "error",
)
FORMATS: tuple[str, ...] = ("jsonl", "csv")
Format = Literal["jsonl", "csv"]

#: Messages per task: big enough that process overhead (pickling, scheduling) is small
#: beside scoring, small enough that the pool stays busy and memory flat.
DEFAULT_CHUNK_SIZE = 256
#: A chunk is also cut once it holds this many bytes, whatever its message count.
CHUNK_BYTES = 16 * 2**20

#: How long to wait for a Dask scheduler before giving up (a distributed time string).
DASK_CONNECT_TIMEOUT = "20s"

#: A row as the worker returns it: (label, finished output line).
Row = tuple[str, str]
#: A message as it is sent to a worker: (source, raw bytes or None, read error or None).
Payload = tuple[str, bytes | None, str | None]


@dataclass
class Summary:
    """What a run of :func:`score_archives` did.

    ``messages`` counts the messages scored in this run (``skipped`` were already in
    the output of a resumed run); ``failed_inputs`` lists the archives that could not
    be opened, with the reason, and ``empty_inputs`` those that held no message.
    """

    messages: int = 0
    spam: int = 0
    ham: int = 0
    errors: int = 0
    seconds: float = 0.0
    skipped: int = 0
    failed_inputs: list[str] = field(default_factory=list)
    empty_inputs: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Messages scored per second."""
        return self.messages / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        """The one-line summary printed at the end of a run."""
        text = (
            f"{self.messages} messages: {self.spam} spam, {self.ham} ham, {self.errors} errors"
            f" in {self.seconds:.1f} s ({self.rate:.0f} msg/s)"
        )
        if self.skipped:
            text += f"; {self.skipped} already scored before resuming"
        if self.failed_inputs:
            text += f"; {len(self.failed_inputs)} inputs could not be opened"
        if self.empty_inputs:
            count = len(self.empty_inputs)
            text += f"; {count} input{'s' if count > 1 else ''} held no message"
        return text


# --------------------------------------------------------------------------- rows


def _one_line(value: str) -> str:
    """Keep a CSV field on one physical line, so every row is exactly one line."""
    return value.replace("\r", " ").replace("\n", " ") if "\n" in value or "\r" in value else value


def _printable(text: str) -> str:
    """``text`` made encodable as UTF-8: lone surrogates (undecodable file names) escaped."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _format(row: dict[str, Any], fmt: str) -> str:
    return _printable(_format_row(row, fmt))


#: Decimals written for the fields in fixed notation: never ``7e-06``, which spreadsheets,
#: ``sort -n`` and awk misread (issue 13).  Six for a probability, as ``_verdict_row`` rounds.
_FIXED = {"probability": 6, "score": 4}


def _fixed(value: float, decimals: int) -> str:
    """``value`` in fixed notation, trailing zeros dropped but one decimal kept (0.000007, 1.0)."""
    text = f"{value:.{decimals}f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _format_row(row: dict[str, Any], fmt: str) -> str:
    fixed = {
        name: _fixed(float(row[name]), decimals)
        for name, decimals in _FIXED.items()
        if row[name] is not None
    }
    if fmt == "jsonl":  # json.dumps, except that the fixed fields are written as numbers
        fields = (
            f"{json.dumps(name)}: {fixed.get(name) or json.dumps(row[name], ensure_ascii=False)}"
            for name in FIELDS
        )
        return "{" + ", ".join(fields) + "}\n"
    reasons = "; ".join(f"{r['name']}:{r['score']:+.3f}" for r in row["reasons"])
    buf = io.StringIO()
    values = [fixed.get(name, row[name]) for name in FIELDS]
    values[FIELDS.index("reasons")] = reasons
    values = ["" if v is None else _one_line(v) if isinstance(v, str) else v for v in values]
    csv.writer(buf, lineterminator="\n").writerow(values)
    return buf.getvalue()


def _error_row(source: str, error: str, fmt: str) -> Row:
    row: dict[str, Any] = dict.fromkeys(FIELDS, "")
    row.update(source=source, label="error", probability=None, score=None, reasons=[])
    row["error"] = error
    return "error", _format(row, fmt)


def _verdict_row(source: str, mail: Any, verdict: Any, top: int, fmt: str) -> Row:
    label = verdict.label
    row = {
        "source": source,
        "message_id": mail.message_id,
        "from": mail.header("from"),
        "subject": mail.subject,
        "label": label,
        "probability": round(float(verdict.probability), 6),
        "score": round(float(verdict.score), 4),
        "reasons": [
            {
                "name": r.name,
                "score": round(float(r.score), 4),
                "kind": r.kind,
                "evidence": r.evidence,
            }
            for r in verdict.reasons[:top]
        ],
        "error": None,
    }
    return label, _format(row, fmt)


def score_items(
    items: Iterable[Payload],
    classifier: Any,
    *,
    top_reasons: int = 5,
    fmt: Format = "jsonl",
) -> list[Row]:
    """Score raw messages with ``classifier``; return one ``(label, output line)`` per item.

    Parameters
    ----------
    items : iterable of (source, data, error)
        ``data`` is the raw message or ``None`` when ``error`` says why it could not be read.
    classifier : object
        Anything with ``classify(message) -> Verdict``, such as :class:`spamkit.Classifier`
        (its threshold and rules decide the label).  A message it raises on gets an
        error row; the others are scored all the same.
    top_reasons : int
        How many of the verdict's strongest reasons each row lists.
    fmt : {"jsonl", "csv"}
        Output format of the lines.

    Returns
    -------
    list of (str, str)
        The label (``"spam"``, ``"ham"`` or ``"error"``) and the finished line.
    """
    # One message at a time, parsed mail dropped once its row is made: a chunk's 256
    # parsed mails were held together before (2026-11-30), with no use for them.
    rows: list[Row] = []
    for source, data, error in items:
        if data is None:
            rows.append(_error_row(source, error or "unreadable", fmt))
            continue
        try:
            mail = parse(data)
        except Exception as exc:  # a message the parser chokes on becomes an error row
            rows.append(_error_row(source, f"cannot parse: {type(exc).__name__}: {exc}", fmt))
            continue
        try:
            verdict = classifier.classify(mail)
        except Exception as exc:  # one bad message spoils no other
            rows.append(_error_row(source, f"cannot score: {type(exc).__name__}: {exc}", fmt))
            continue
        rows.append(_verdict_row(source, mail, verdict, top_reasons, fmt))
    return rows


# --------------------------------------------------------------------------- workers


@dataclass(frozen=True)
class _Recipe:
    """How a worker builds its :class:`~spamkit.Classifier`: model, rules, threshold."""

    model: str | None = None
    rules: str | None = None
    threshold: float | None = None


#: How a worker gets its classifier: a recipe, or ("pickle", digest) of a ready object.
Spec = _Recipe | tuple[str, str]

#: Classifiers loaded in this process, by spec: a worker loads its model once.
_LOADED: dict[Spec, Any] = {}


def _load(spec: Spec, blob: bytes | None) -> Any:
    classifier = _LOADED.get(spec)
    if classifier is None:
        if isinstance(spec, _Recipe):
            from .classifier import Classifier

            classifier = Classifier(spec.model, threshold=spec.threshold, rules=spec.rules)
        else:
            import cloudpickle

            classifier = cloudpickle.loads(blob)
        _LOADED.clear()  # one classifier per worker is plenty
        _LOADED[spec] = classifier
    return classifier


#: The parent a local worker watches; set once, in the worker, by its first task.
_WATCHED_PARENT: list[int] = []


def _exit_with_parent() -> None:
    """Leave this worker process once the scorer that started it is gone.

    A loky worker whose parent was killed with SIGKILL stays alive, idle, holding
    a loaded model (measured: still there ten minutes later), so each local worker
    polls its parent id and exits when it changes.
    """
    if _WATCHED_PARENT:
        return
    parent = os.getppid()
    _WATCHED_PARENT.append(parent)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="spamkit-parent-watch", daemon=True).start()


def _score_chunk(
    spec: Spec,
    blob: bytes | None,
    items: list[Payload],
    top_reasons: int,
    fmt: Format,
    local: bool = False,
) -> list[Row]:
    """Worker task: score one chunk with this process's cached classifier."""
    if local:
        _exit_with_parent()
    return score_items(items, _load(spec, blob), top_reasons=top_reasons, fmt=fmt)


def _spec_of(recipe: _Recipe, classifier: Any) -> tuple[Spec, bytes | None]:
    if classifier is None:
        return recipe, None
    import cloudpickle

    blob = cloudpickle.dumps(classifier)
    return ("pickle", hashlib.sha256(blob).hexdigest()), blob


# --------------------------------------------------------------------------- inputs


def _refs(
    archives: Sequence[str | os.PathLike[str]],
    summary: Summary,
    report: Callable[[str], None],
    subfolders: bool = True,
) -> Iterator[MailRef]:
    for archive in archives:
        try:
            refs = iter_refs(archive, subfolders=subfolders)
        except ArchiveError as exc:
            summary.failed_inputs.append(str(exc))
            report(str(exc))
            continue
        count = 0
        for ref in refs:
            count += 1
            yield ref
        if not count:  # most often a wrong path or a failed export: say so
            text = f"{os.fspath(archive)}: nothing to score: {why_empty(archive)}"
            summary.empty_inputs.append(text)
            report(text)


def _chunks(
    refs: Iterable[MailRef], size: int, spans: collections.deque[int] | None = None
) -> Iterator[list[Payload]]:
    """Group messages into chunks; append each chunk's archive bytes to ``spans`` first."""
    chunk: list[Payload] = []
    nbytes = span = 0
    for ref in refs:
        item = ref.read()
        chunk.append((item.source, item.data, item.error))
        nbytes += len(item.data or b"")
        span += ref.span
        if len(chunk) >= size or nbytes >= CHUNK_BYTES:
            if spans is not None:
                spans.append(span)
            yield chunk
            chunk, nbytes, span = [], 0, 0
    if chunk:
        if spans is not None:
            spans.append(span)
        yield chunk


def _tally(refs: Iterator[MailRef], total: list[int]) -> Iterator[MailRef]:
    """Pass ``refs`` on, adding their spans to ``total[0]`` (what a resumed run skipped)."""
    for ref in refs:
        total[0] += ref.span
        yield ref


# --------------------------------------------------------------------------- resume


@dataclass
class _Done:
    rows: int = 0
    last_source: str | None = None
    occurrences: int = 0  # rows whose source is last_source (an archive given twice)


def _source_of(line: bytes, fmt: str) -> str | None:
    try:
        text = line.decode("utf-8")
        if fmt == "jsonl":
            if not text.startswith('{"source": "'):
                return None
            value = json.loads(text)
            return value["source"] if isinstance(value, dict) else None
        fields = next(csv.reader([text]))
        return fields[0] if len(fields) == len(FIELDS) else None
    except (ValueError, KeyError, StopIteration):
        return None


def _recover(path: str, fmt: str) -> _Done:
    """Count the whole rows of an interrupted output and cut a partial last line off it."""
    done = _Done()
    with open(path, "r+b") as fh:
        good_end = 0
        if fmt == "csv":
            header = fh.readline()
            good_end = len(header) if header.endswith(b"\n") else 0
        first_row = pos = good_end
        last_start = -1
        if fmt == "jsonl" or good_end:
            fh.seek(pos)
            for line in fh:
                if not line.endswith(b"\n"):
                    break  # cut off mid-write: this message is scored again
                last_start, pos = pos, pos + len(line)
                done.rows += 1
            good_end = pos
        fh.truncate(good_end)
        if not done.rows:
            return done
        fh.seek(last_start)
        last_line = fh.readline()
        done.last_source = _source_of(last_line, fmt)
        if done.last_source is None:
            raise ArchiveError(f"cannot resume: the last line of {path} is not a {fmt} row")
        prefix = last_line[: _prefix_length(last_line, fmt)]
        fh.seek(first_row)
        done.occurrences = sum(1 for line in fh if line.startswith(prefix))
    return done


def _prefix_length(line: bytes, fmt: str) -> int:
    """Length of the part of ``line`` that holds its source, up to the comma after it."""
    text = line.decode("utf-8")
    if fmt == "jsonl":
        opening = '{"source": "'
        _, end = json.decoder.scanstring(text, len(opening))  # type: ignore[attr-defined]
        return len(text[: end + 1].encode())
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([next(csv.reader([text]))[0], ""])
    return len(buf.getvalue().encode())


def _skip_done(refs: Iterator[MailRef], done: _Done, *, exact: bool, output: str) -> int:
    """Advance ``refs`` past the messages ``done`` already holds rows for; return how many."""
    if not done.rows:
        return 0
    skipped = seen = 0
    for ref in refs:
        skipped += 1
        if done.last_source in (ref.source, _printable(ref.source)):  # csv keeps escapes
            seen += 1
            if seen == done.occurrences:
                break
    else:
        raise ArchiveError(
            f"cannot resume: the last row of {output} ({done.last_source}) is not in the inputs"
        )
    if exact and skipped != done.rows:
        raise ArchiveError(
            f"cannot resume: {output} holds {done.rows} rows but its last row is message"
            f" {skipped} of the inputs; were the inputs changed?"
        )
    return skipped


# --------------------------------------------------------------------------- engine


def _open_output(
    output: str | os.PathLike[str] | IO[str] | None, fmt: str, resume: bool
) -> tuple[IO[str], bool, _Done]:
    """(stream with the CSV header written, whether we own it, what a resumed output holds)."""
    done = _Done()
    if output is None or output == "-" or not isinstance(output, (str, os.PathLike)):
        if resume:
            raise SpamkitError("--resume needs an output file (-o FILE)")
        stream = sys.stdout if output is None or output == "-" else cast(IO[str], output)
        owned, fresh = False, True
    else:
        path = os.fspath(output)
        if resume and os.path.exists(path):
            done = _recover(path, fmt)
        stream = open(path, "a" if resume else "w", encoding="utf-8", newline="")  # noqa: SIM115
        owned, fresh = True, stream.tell() == 0
    if fmt == "csv" and fresh:
        csv.writer(stream, lineterminator="\n").writerow(FIELDS)
        stream.flush()
    return stream, owned, done


def _bar_size(
    archives: Sequence[str | os.PathLike[str]], subfolders: bool
) -> tuple[int | None, str]:
    """The progress bar's total and unit: messages or bytes, when every input tells its size.

    Folders and Maildirs are counted in messages (listed, not read), plain mboxes in
    bytes; stdin, compressed files and a mix of the two kinds leave the total open.
    """
    hints = []
    for archive in archives:
        try:
            hint = size_hint(archive, subfolders=subfolders)
        except ArchiveError:
            continue  # reported when it is read; it adds nothing to the total
        if hint is None:
            return None, "msg"
        hints.append(hint)
    units = {unit for _, unit in hints}
    if len(units) != 1:
        return None, "msg"
    return sum(count for count, _ in hints), units.pop()


def _progress_bar(total: int | None, unit: str) -> Any:
    from tqdm import tqdm

    style: dict[str, Any] = {"unit": "msg"}
    if unit == "B":
        style = {"unit": "B", "unit_scale": True, "unit_divisor": 1024}
    return tqdm(total=total, file=sys.stderr, desc="scoring", smoothing=0.1, **style)


def score_archives(
    archives: Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str] | IO[str] | None = None,
    *,
    model: str | os.PathLike[str] | None = None,
    rules: str | os.PathLike[str] | None = None,
    threshold: float | None = None,
    classifier: Any = None,
    fmt: Format = "jsonl",
    jobs: int | None = None,
    only: Literal["spam", "ham"] | None = None,
    subfolders: bool = True,
    resume: bool = False,
    progress: bool | None = None,
    backend: Literal["loky", "dask"] = "loky",
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    top_reasons: int = 5,
    report: Callable[[str], None] | None = None,
) -> Summary:
    """Score every message of ``archives`` and write one row per message to ``output``.

    Parameters
    ----------
    archives : sequence of path
        mbox files (plain or compressed), Maildirs, MH folders, folders of messages,
        message files, or ``"-"`` for standard input; read in this order.
    output : path, text stream or None
        Where rows go; ``None`` or ``"-"`` is standard output.  A path is written
        chunk by chunk, each flush holding whole rows only.
    model : path or None
        The model directory each worker loads once into a :class:`spamkit.Classifier`
        (``None``: the shipped default model).
    rules : path or None
        A rules file laid over the shipped rules, for that classifier.
    threshold : float or None
        The score at or above which that classifier calls a message spam (``None``:
        the model's own).
    classifier : object or None
        Instead of ``model``/``rules``/``threshold``: a ready object with
        ``classify(message) -> Verdict``, sent to each worker once per task as a
        cloudpickle (prefer a model path for big models).
    fmt : {"jsonl", "csv"}
        Output format.  Both write one physical line per row.
    jobs : int or None
        Worker processes, 1 or more; ``None`` uses every core and ``1`` scores in this
        process.  joblib's negative counts (``-2``: all cores but one) are refused: on a
        small machine they silently mean one process, and ``None`` already means all.
    only : {"spam", "ham"} or None
        Write only rows with this label (error rows are always written).
    subfolders : bool
        Read each Maildir's Maildir++ folders (``.Sent``, ``.Junk``, ...) after its
        INBOX; False reads the INBOX only (see :func:`spamkit.archives.iter_refs`).
    resume : bool
        Continue an interrupted run: whole rows already in ``output`` are kept, a
        partial last line is cut off and the messages they cover are skipped.
    progress : bool or None
        Show a tqdm bar on stderr; ``None`` shows it when stderr is a terminal.  It has a
        total and an ETA when every input tells its size up front: folders and Maildirs
        in messages (listed first), plain mboxes in bytes (see
        :func:`spamkit.archives.size_hint`).
    backend : {"loky", "dask"}
        Run workers locally, or on the Dask cluster at ``scheduler``.
    scheduler : str or None
        Address of the Dask scheduler (``tcp://host:8786``); needed with ``"dask"``.
    chunk_size : int
        Messages per task.
    top_reasons : int
        Reasons listed per row.
    report : callable or None
        Called with a one-line message for each input that cannot be opened or holds no
        message (default: print it on stderr).

    Returns
    -------
    Summary
        Counts, time, and the inputs that could not be opened or held no message.

    Raises
    ------
    ArchiveError
        ``resume`` was asked but the output does not match the inputs.
    KeyboardInterrupt
        On Ctrl-C or SIGTERM, after the rows written so far are flushed, the workers
        stopped and the output closed.

    See Also
    --------
    spamkit.archives.iter_messages : the reader used for each archive.

    Notes
    -----
    Rows come out in input order whatever ``jobs`` is; at most ``2 * jobs`` chunks
    are in flight.

    Examples
    --------
    >>> from spamkit.batch import score_archives
    >>> summary = score_archives(["inbox.mbox.gz"], "scores.jsonl")  # doctest: +SKIP
    >>> summary.messages == summary.spam + summary.ham + summary.errors  # doctest: +SKIP
    True
    """
    if fmt not in FORMATS:
        raise SpamkitError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if backend not in ("loky", "dask"):
        raise SpamkitError(f"unknown backend {backend!r}; choose loky or dask")
    if jobs is not None and jobs < 1:
        raise SpamkitError(
            f"jobs must be a positive number of worker processes (default: one per core),"
            f" not {jobs}"
        )
    if backend == "dask" and not scheduler:
        raise SpamkitError("the dask backend needs a scheduler address")
    if classifier is not None and (model, rules, threshold) != (None, None, None):
        raise SpamkitError(
            "give a ready classifier or model/rules/threshold to build one, not both"
        )
    recipe = _Recipe(
        os.fspath(model) if model is not None else None,
        os.fspath(rules) if rules is not None else None,
        float(threshold) if threshold is not None else None,
    )
    summary = Summary()
    report = report or (lambda message: print(message, file=sys.stderr))
    out, owned, done = _open_output(output, fmt, resume)
    bar = None
    start = time.perf_counter()
    stack = contextlib.ExitStack()
    stack.enter_context(_sigterm_as_interrupt())
    if progress is None:
        progress = sys.stderr.isatty()
    try:
        total, unit = _bar_size(archives, subfolders) if progress else (None, "msg")
        skipped_bytes = [0]
        refs = _tally(_refs(archives, summary, report, subfolders), skipped_bytes)
        summary.skipped = _skip_done(refs, done, exact=only is None, output=str(output))
        spans: collections.deque[int] = collections.deque()
        chunks = _chunks(refs, max(1, chunk_size), spans)
        if progress:
            bar = _progress_bar(total, unit)
            bar.update(skipped_bytes[0] if unit == "B" else summary.skipped)
        work = _run(chunks, recipe, classifier, top_reasons, fmt, jobs, backend, scheduler)
        for rows in work:
            lines = []
            for label, line in rows:
                if label == "spam":
                    summary.spam += 1
                elif label == "ham":
                    summary.ham += 1
                else:
                    summary.errors += 1
                if only is None or label == only or label == "error":
                    lines.append(line)
            out.write("".join(lines))
            out.flush()
            summary.messages += len(rows)
            span = spans.popleft()
            if bar is not None:
                bar.update(span if unit == "B" else len(rows))
                if unit == "B":
                    bar.set_postfix_str(f"{summary.skipped + summary.messages} msg", refresh=False)
    finally:
        summary.seconds = time.perf_counter() - start
        if bar is not None:
            bar.close()
        if owned:
            out.close()
        stack.close()
    return summary


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C while scoring, so ``kill PID`` also stops the workers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(
    chunks: Iterator[list[Payload]],
    recipe: _Recipe,
    classifier: Any,
    top_reasons: int,
    fmt: Format,
    jobs: int | None,
    backend: str,
    scheduler: str | None,
) -> Iterator[list[Row]]:
    """Yield each chunk's rows, in order, scored here or by workers."""
    n_jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if backend == "loky" and n_jobs == 1:
        loaded = classifier if classifier is not None else _load(recipe, None)
        for chunk in chunks:
            yield score_items(chunk, loaded, top_reasons=top_reasons, fmt=fmt)
        return
    from joblib import Parallel, delayed, parallel_config

    spec, blob = _spec_of(recipe, classifier)
    local = backend == "loky"
    tasks = (delayed(_score_chunk)(spec, blob, chunk, top_reasons, fmt, local) for chunk in chunks)
    if backend == "dask":
        try:
            from distributed import Client
        except ImportError as exc:
            raise SpamkitError(
                "the dask backend needs the [dask] extra: pip install 'spamkit[dask]'"
            ) from exc
        try:
            client = Client(scheduler, timeout=DASK_CONNECT_TIMEOUT)
        except OSError as exc:
            raise SpamkitError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client, parallel_config(backend="dask"):
            workers = max(1, sum(client.nthreads().values()))
            parallel = Parallel(
                n_jobs=-1, return_as="generator", batch_size=1, pre_dispatch=f"{2 * workers}"
            )
            yield from parallel(tasks)
        return
    parallel = Parallel(
        n_jobs=n_jobs, backend="loky", return_as="generator", batch_size=1, pre_dispatch="2*n_jobs"
    )
    yield from parallel(tasks)
