"""The rule table: every rule's name, score and description, as data; no detector here.

The table is ``spamkit/data/rules/*.toml`` (one TOML table per name, SpamAssassin's
``describe``/``score``/``tflags``/``meta`` plus its ``ok``/``fail`` regression
examples).  A user's rules file in the same format is laid over it
(:meth:`RuleSet.load`).  It may

* change a ``score`` or ``description``, or set ``enabled = false``, for any name:
  the shipped rules and signals, the DNSBL listing symbols (``RCVD_IN_ZEN_SBL``, ...)
  and detectors registered by the user's own code;
* add ``meta`` rules, which combine other names with ``&&``, ``||``, ``!`` and
  parentheses, and count them SpamAssassin-style (``(A + B + C) >= 2``: partial
  credit); parsed by a small recursive-descent parser, never evaluated as Python;
* add **pattern rules**, SpamAssassin's ``header``/``body``/``uri`` rules written as
  data: ``where`` (``"body"``, ``"uri"`` or ``"header:NAME"``) and ``pattern`` (an RE2
  regular expression), with ``score``, ``description`` and optional ``flags``;
* change the lists the detectors consult: ``[lists.freemail]``, ``[brands.NAME]``, ...
  (see :mod:`spamkit.datafiles`);
* name the ``Authentication-Results`` its own MTA adds: ``[authentication]
  trusted_authserv_ids = ["mx.example.jp"]`` (see :mod:`spamkit.detectors.auth`).

Two kinds of names:

* a **signal** (flag ``model``) is fed to the trained model as the token
  ``signal:NAME``, so its weight is learned; its ``score`` is a hand-set extra,
  usually 0.  Only the shipped signals are: the model was trained on them;
* a **rule** (no ``model`` flag) adds its ``score`` to the verdict directly, in
  log-odds points (+3 multiplies the spam odds by e^3).

Detectors live in :mod:`spamkit.detectors`.  Names starting with ``__`` are sub-rules
(SpamAssassin's convention): usable in metas, never reported.  A disabled name is not
run, so a meta that needs it does not fire.

Pattern rules are compiled once, when the table is loaded, by RE2 (``google-re2``):
its matching time is linear in the text, so no pattern can backtrack for ever on a
hostile message (Python's :mod:`re` can: ``(a+)+$``).  Patterns RE2 cannot promise
that for (backreferences, look-arounds) are refused, and so are patterns longer than
:data:`MAX_PATTERN_CHARS` or compiling to more than :data:`MAX_PATTERN_PROGRAM`
instructions; each text scanned is cut first (see :class:`PatternMatcher`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

from .datafiles import Lists, network_symbols, read_toml, rule_table, shipped_lists
from .detectors import DECLARED, DETECTORS, MailView, detect
from .errors import ConfigError
from .message import ParsedMail

__all__ = [
    "FLAGS",
    "PatternMatcher",
    "Rule",
    "RuleHit",
    "RuleSet",
    "eval_meta",
    "meta_names",
    "parse_meta",
]

_log = logging.getLogger(__name__)

#: Flags a rule may carry: ``model`` = also a model feature (a signal), ``ham`` = a
#: sign of legitimate mail (score <= 0), ``net`` = found over the network (DNSBL).
FLAGS = frozenset({"model", "ham", "net"})
_KEYS = frozenset(
    {"score", "description", "flags", "meta", "where", "pattern", "enabled", "ok", "fail"}
)
_OVERLAY_KEYS = frozenset({"score", "description", "enabled", "meta", "flags", "where", "pattern"})
_DECLARED_KEYS = frozenset({"score", "description", "flags"})
#: What a rule that has a detector (or comes over the network) lets a rules file change.
_WEIGHT_KEYS = frozenset({"score", "description", "enabled"})
_NAME = re.compile(r"(?:__)?[A-Z][A-Z0-9_]{1,63}")
#: Reported (score 0, never a model feature) when a detector raises; evidence names it.
DETECTOR_ERROR = "DETECTOR_ERROR"
#: The user-file tables that change lists rather than rules (see :mod:`spamkit.datafiles`).
_LIST_TABLES = ("lists", "brands")
#: The user-file table of site settings the detectors read (not a rule, not a list).
_SETTINGS_TABLE = "authentication"


@dataclass(frozen=True)
class RuleHit:
    """A rule or signal that fired on a message.

    ``score`` is the hand-set score added to the verdict (0 for pure model signals);
    ``feature`` is true when the hit is also fed to the model as ``signal:NAME``.
    """

    name: str
    score: float
    description: str
    evidence: str = ""
    feature: bool = True


# --------------------------------------------------------------------------- meta parser

#: A parsed meta expression: a name, a number ``("#", 2.0)``, ``("!", e)``,
#: ``("&&", a, b)``, ``("||", a, b)``, a sum ``("+", a, b, ...)`` or a comparison
#: ``(">=", e, ("#", 2.0))`` (also ``>``, ``<=``, ``<``, ``==``, ``!=``).
Expr = str | tuple[Any, ...]
_META_TOKEN = re.compile(
    r"\s*(&&|\|\||>=|<=|==|!=|>|<|!|\+|\(|\)|[0-9]{1,6}(?:\.[0-9]{1,6})?"
    r"|(?:__)?[A-Z][A-Z0-9_]{0,63})"
)
_COMPARISONS = (">=", "<=", "==", "!=", ">", "<")
_OPERATORS = frozenset(("&&", "||", "!", "+", "(", ")", *_COMPARISONS))


def _lex_meta(text: str) -> list[str]:
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = _META_TOKEN.match(text, pos)
        if not match:
            raise ValueError(f"unexpected {text[pos : pos + 10]!r} at column {pos + 1}")
        tokens.append(match.group(1))
        pos = match.end()
    return tokens


def _is_number(token: str | None) -> bool:
    return token is not None and token[:1].isdigit()


def parse_meta(text: str) -> Expr:
    """Parse a meta expression (``A && (B || !C)``, ``(A + B + C) >= 2``) into a tuple tree.

    Parameters
    ----------
    text : str
        Names joined by ``&&``, ``||``, ``!`` and parentheses, and SpamAssassin's
        counting: ``+`` adds its operands (a name that fired counts 1, else 0; so does
        any sub-expression), and a comparison (``>=``, ``>``, ``<=``, ``<``, ``==``,
        ``!=``) compares a sum with a number.  ``!`` binds tightest, then ``+``, then
        the comparisons, then ``&&``, then ``||``.  Numbers appear only to the right of
        a comparison.

    Returns
    -------
    str or tuple
        A name, ``("!", e)``, ``("&&", a, b)``, ``("||", a, b)``, ``("+", a, b, ...)``
        or ``(op, e, ("#", number))`` for a comparison.

    Raises
    ------
    ValueError
        On a syntax error, with the position.

    Examples
    --------
    >>> parse_meta("A && !B || C")
    ('||', ('&&', 'A', ('!', 'B')), 'C')
    >>> parse_meta("A && (B + C + D) >= 2")
    ('&&', 'A', ('>=', ('+', 'B', 'C', 'D'), ('#', 2.0)))
    """
    if len(text) > 2000:
        raise ValueError("meta expression longer than 2000 characters")
    tokens = _lex_meta(text)
    pos = 0

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> str:
        nonlocal pos
        if pos >= len(tokens):
            raise ValueError("expression ends too early")
        pos += 1
        return tokens[pos - 1]

    def parse_or(depth: int) -> Expr:
        left = parse_and(depth)
        while peek() == "||":
            take()
            left = ("||", left, parse_and(depth))
        return left

    def parse_and(depth: int) -> Expr:
        left = parse_compare(depth)
        while peek() == "&&":
            take()
            left = ("&&", left, parse_compare(depth))
        return left

    def parse_compare(depth: int) -> Expr:
        left = parse_sum(depth)
        if peek() in _COMPARISONS:
            op = take()
            number = take()
            if not _is_number(number):
                raise ValueError(f"{op} must be followed by a number, not {number!r}")
            left = (op, left, ("#", float(number)))
            if peek() in _COMPARISONS:
                raise ValueError("comparisons do not chain; use && between them")
        return left

    def parse_sum(depth: int) -> Expr:
        terms = [parse_not(depth)]
        while peek() == "+":
            take()
            terms.append(parse_not(depth))
        return terms[0] if len(terms) == 1 else ("+", *terms)

    def parse_not(depth: int) -> Expr:
        if depth > 50:
            raise ValueError("expression nested too deeply")
        token = take()
        if token == "!":
            return ("!", parse_not(depth + 1))
        if token == "(":
            inner = parse_or(depth + 1)
            if take() != ")":
                raise ValueError("missing ')'")
            return inner
        if token in _OPERATORS:
            raise ValueError(f"unexpected {token!r}")
        if _is_number(token):
            raise ValueError(f"a number ({token}) may only follow a comparison")
        return token

    tree = parse_or(0)
    if pos != len(tokens):
        raise ValueError(f"unexpected {tokens[pos]!r} after the expression")
    return tree


def meta_names(expr: Expr) -> set[str]:
    """Every name an expression refers to."""
    if isinstance(expr, str):
        return {expr}
    if expr[0] == "#":
        return set()
    return set().union(*(meta_names(e) for e in expr[1:]))


def _names_in_order(expr: Expr) -> list[str]:
    """The names of ``expr`` in the order they are written, each once."""
    if isinstance(expr, str):
        return [expr]
    if expr[0] == "#":
        return []
    return list(dict.fromkeys(n for e in expr[1:] for n in _names_in_order(e)))


def _meta_value(expr: Expr, fired: Mapping[str, object]) -> float:
    """The value of ``expr``: 1 or 0 for names and logic, the count for a sum."""
    if isinstance(expr, str):
        return 1.0 if expr in fired else 0.0
    op = expr[0]
    if op == "#":
        return float(expr[1])
    if op == "!":
        return 0.0 if _meta_value(expr[1], fired) else 1.0
    if op == "&&":
        return 1.0 if _meta_value(expr[1], fired) and _meta_value(expr[2], fired) else 0.0
    if op == "||":
        return 1.0 if _meta_value(expr[1], fired) or _meta_value(expr[2], fired) else 0.0
    if op == "+":
        return sum(_meta_value(term, fired) for term in expr[1:])
    left, right = _meta_value(expr[1], fired), _meta_value(expr[2], fired)
    return float(
        {
            ">=": left >= right,
            "<=": left <= right,
            "==": left == right,
            "!=": left != right,
            ">": left > right,
            "<": left < right,
        }[op]
    )


def eval_meta(expr: Expr, fired: Mapping[str, object]) -> bool:
    """Evaluate a parsed meta expression against the names that fired.

    Examples
    --------
    >>> eval_meta(parse_meta("A && (B + C + D) >= 2"), {"A": "", "C": "", "D": ""})
    True
    """
    return bool(_meta_value(expr, fired))


# --------------------------------------------------------------------------- pattern rules

#: Bounds on a pattern rule's cost.  RE2 matches in time linear in the text; these bound
#: the constant.  Measured 2026-11-29 (this 2-core machine, under load) on 20,000
#: characters of hostile text ("a" * 20,000, random letters, kana): with a 4 MiB budget
#: the slowest pattern tried near 1,000 instructions took 3 ms ([a-z]{1,490}[0-9], 984
#: instructions: 2.5 ms); with RE2's 1 MiB it ran out of DFA memory, fell back to the NFA
#: and took 630 ms.  Ordinary SpamAssassin-style patterns compile to 20-300 instructions.
MAX_PATTERN_CHARS = 1_000
MAX_PATTERN_PROGRAM = 1_000
PATTERN_MEMORY = 4 << 20
#: What one pattern rule reads at most: the body (subject and text) is cut to
#: :data:`spamkit.detectors.MAX_SCANNED_CHARS`; a header's first values and the first
#: links, each cut to this many characters.
MAX_PATTERN_HEADERS = 20
MAX_PATTERN_LINKS = 100
MAX_PATTERN_ITEM_CHARS = 2_000
_HEADER_FIELD = re.compile(r"[!-9;-~]{1,64}")


def _compile_pattern(pattern: str) -> Any:
    """``pattern`` compiled by RE2 within the bounds above; ValueError says why not."""
    try:
        import re2
    except ImportError as exc:  # pragma: no cover - a dependency of spamkit
        raise ValueError("pattern rules need RE2: pip install google-re2") from exc
    if len(pattern) > MAX_PATTERN_CHARS:
        raise ValueError(f"pattern longer than {MAX_PATTERN_CHARS} characters")
    options = re2.Options()
    options.log_errors = False
    options.max_mem = PATTERN_MEMORY
    try:
        regex = re2.compile(pattern, options)
    except re2.error as exc:
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise ValueError(
            f"RE2 refuses it ({detail}); backreferences and look-arounds are not supported"
        ) from None
    if regex.programsize > MAX_PATTERN_PROGRAM:
        raise ValueError(
            f"pattern compiles to {regex.programsize} instructions, more than"
            f" {MAX_PATTERN_PROGRAM}: shorten its counted repeats"
        )
    return regex


class PatternMatcher:
    """A user's header, body or URI pattern, compiled once, run like a detector.

    Parameters
    ----------
    where : str
        ``"body"``: the subject and the readable body text (HTML rendered), NFKC-
        normalised, case kept (write ``(?i)`` for case-insensitive), the first
        :data:`spamkit.detectors.MAX_SCANNED_CHARS` characters;
        ``"uri"``: each link's URL (``mail.links``);
        ``"header:NAME"``: each decoded value of header NAME, NFKC-normalised.
    pattern : str
        An RE2 regular expression (Python-like syntax without backreferences and
        look-arounds), searched anywhere in the text.

    Raises
    ------
    ValueError
        The place or the pattern is refused (too long, too costly, not RE2).
    """

    def __init__(self, where: str, pattern: str) -> None:
        if where not in ("body", "uri") and not (
            where.startswith("header:") and _HEADER_FIELD.fullmatch(where[7:])
        ):
            raise ValueError(f"where must be 'body', 'uri' or 'header:NAME', not {where!r}")
        self.where = where
        self.pattern = pattern
        self._regex = _compile_pattern(pattern)

    def __getstate__(self) -> dict[str, str]:
        return {"where": self.where, "pattern": self.pattern}  # compiled again on load

    def __setstate__(self, state: dict[str, str]) -> None:
        self.__init__(state["where"], state["pattern"])  # type: ignore[misc]

    def _texts(self, view: MailView) -> Iterable[tuple[str, str]]:
        if self.where == "body":
            yield "body", view.body
        elif self.where == "uri":
            for link in view.links[:MAX_PATTERN_LINKS]:
                yield "uri", link.url[:MAX_PATTERN_ITEM_CHARS]
        else:
            name = self.where[7:]
            values = view.header_values(name)[:MAX_PATTERN_HEADERS]
            for value in values:
                yield name, value[:MAX_PATTERN_ITEM_CHARS]

    def __call__(self, view: MailView) -> str | None:
        """The evidence (where, and what matched) when the pattern is found, else ``None``."""
        for label, text in self._texts(view):
            match = self._regex.search(text)
            if match is not None:
                return f"{label}: {match.group(0)[:100]!r}"
        return None


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Rule:
    """One entry of the rule table.

    A rule is run by a detector of :mod:`spamkit.detectors` (same name), by its
    ``matcher`` (a pattern rule), by its ``expr`` (a meta rule), or comes from
    outside (flag ``net``: DNSBL listings, weighed by :meth:`RuleSet.weigh`).
    """

    name: str
    score: float
    description: str
    flags: frozenset[str] = frozenset()
    meta: str = ""
    where: str = ""
    pattern: str = ""
    enabled: bool = True
    ok: tuple[Any, ...] = ()
    fail: tuple[Any, ...] = ()
    expr: Expr | None = field(default=None, compare=False, repr=False)
    matcher: PatternMatcher | None = field(default=None, compare=False, repr=False)

    @property
    def feature(self) -> bool:
        """True for a signal (fed to the model)."""
        return "model" in self.flags

    @property
    def network(self) -> bool:
        """True for a rule found over the network (not by looking at the message)."""
        return "net" in self.flags


def _where(source: str, name: str) -> str:
    return f"{source}: [{name}]"


def _check_entry(source: str, name: str, entry: object, keys: frozenset[str]) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise ConfigError(f"{source}: {name} must be a table ([{name}]), not a value")
    if not _NAME.fullmatch(name):
        raise ConfigError(f"{_where(source, name)}: names are UPPER_SNAKE, e.g. FREEMAIL_FROM")
    unknown = set(entry) - keys
    if unknown:
        raise ConfigError(
            f"{_where(source, name)}: unknown key(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(keys))}"
        )
    if "score" in entry and (
        isinstance(entry["score"], bool) or not isinstance(entry["score"], (int, float))
    ):
        raise ConfigError(f"{_where(source, name)}: score must be a number")
    if "description" in entry:
        desc = entry["description"]
        if not isinstance(desc, str) or not desc.strip() or "\n" in desc:
            raise ConfigError(f"{_where(source, name)}: description must be one non-empty line")
    if "enabled" in entry and not isinstance(entry["enabled"], bool):
        raise ConfigError(f"{_where(source, name)}: enabled must be true or false")
    if "flags" in entry:
        flags = entry["flags"]
        if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
            raise ConfigError(f"{_where(source, name)}: flags must be a list of strings")
        bad = set(flags) - FLAGS
        if bad:
            raise ConfigError(
                f"{_where(source, name)}: unknown flag(s) {', '.join(sorted(bad))}; "
                f"known: {', '.join(sorted(FLAGS))}"
            )
    for key, what in (
        ("meta", "a string like 'A && B'"),
        ("where", "a string"),
        ("pattern", "a string"),
    ):
        if key in entry and not isinstance(entry[key], str):
            raise ConfigError(f"{_where(source, name)}: {key} must be {what}")
    for key in ("ok", "fail"):
        if key in entry and not isinstance(entry[key], list):
            raise ConfigError(f"{_where(source, name)}: {key} must be a list of examples")
    return entry


def _shipped_entries() -> dict[str, dict[str, Any]]:
    """The shipped table, the DNSBL listing symbols and the declared user detectors."""
    source = "spamkit/data/rules"
    entries: dict[str, dict[str, Any]] = {
        name: dict(_check_entry(source, name, entry, _KEYS)) for name, entry in rule_table().items()
    }
    for name, (score, description) in network_symbols().items():
        entries.setdefault(
            name, {"score": score, "description": description or name, "flags": ["net"]}
        )
    for name in DETECTORS:
        if name not in entries and name in DECLARED:
            entry = _check_entry(f"@detector({name!r})", name, DECLARED[name], _DECLARED_KEYS)
            entries[name] = dict(entry)
    return entries


def _overlay(entries: dict[str, dict[str, Any]], overlay: Mapping[str, Any], source: str) -> None:
    """Lay a user's rule entries over ``entries`` (in place)."""
    for name, raw in overlay.items():
        entry = _check_entry(source, name, raw, _OVERLAY_KEYS)
        where = _where(source, name)
        if "meta" in entry and ("pattern" in entry or "where" in entry):
            raise ConfigError(f"{where}: a rule is a meta rule or a pattern rule, not both")
        if ("pattern" in entry) != ("where" in entry) and name not in entries:
            raise ConfigError(f"{where}: a pattern rule needs both where and pattern")
        existing = entries.get(name)
        if existing is not None:
            if "meta" in existing:
                if "pattern" in entry or "where" in entry:
                    raise ConfigError(f"{where}: a meta rule cannot become a pattern rule")
            elif "pattern" in existing:
                if "meta" in entry:
                    raise ConfigError(f"{where}: a pattern rule cannot become a meta rule")
            elif set(entry) - _WEIGHT_KEYS:
                raise ConfigError(
                    f"{where}: only score, description and enabled can be changed for a rule"
                    " that has a detector or comes from a DNSBL"
                )
            existing.update(entry)
        elif name in DETECTORS:
            if set(entry) - _WEIGHT_KEYS:
                raise ConfigError(
                    f"{where}: {name} has a detector: only score, description"
                    " and enabled can be set for it"
                )
            entries[name] = dict(entry)
        elif ("meta" in entry or "pattern" in entry) and {"score", "description"} <= set(entry):
            entries[name] = dict(entry)
        else:
            raise ConfigError(
                f"{where}: no such rule; a new rule needs meta (or where and pattern),"
                " score and description"
            )


class RuleSet:
    """The loaded rule table: the shipped rules with a user's overrides laid over them.

    Parameters
    ----------
    rules : sequence of Rule
        The entries, in report order.  Use :meth:`load` rather than building one.
    lists : Lists or None
        The lists the detectors consult (the shipped ones when ``None``).

    See Also
    --------
    spamkit.detectors.detect : runs the detectors this table names.
    """

    def __init__(self, rules: Sequence[Rule] = (), lists: Lists | None = None) -> None:
        self.rules = {rule.name: rule for rule in rules}
        self.lists = lists if lists is not None else shipped_lists()
        self._order = list(self.rules)
        self._metas = self._meta_order()
        self._patterns = {r.name: r.matcher for r in self.rules.values() if r.matcher is not None}

    @classmethod
    def load(
        cls,
        path: str | PathLike[str] | None = None,
        *,
        trusted_authserv_ids: Iterable[str] | None = None,
    ) -> RuleSet:
        """Load the shipped table, then overlay the rules file at ``path`` if given.

        Parameters
        ----------
        path : path-like or None
            A TOML file in the format of ``spamkit/data/rules/*.toml``.  For a name the
            table already has (a DNSBL listing symbol or a detector of your own code
            too), only ``score``, ``description`` and ``enabled`` may be set (and for
            metas ``meta``/``flags``, for pattern rules ``where``/``pattern``/``flags``);
            a new name is a ``meta`` rule or a pattern rule (``where`` and ``pattern``),
            with a ``score`` and a ``description``.  ``[lists.NAME]`` and
            ``[brands.NAME]`` tables change the lists (:meth:`spamkit.datafiles.Lists.overlay`),
            and an ``[authentication]`` table names the authserv-ids to trust.
        trusted_authserv_ids : iterable of str, optional
            The authserv-ids of the ``Authentication-Results`` headers your own MTA
            adds (``["mx.example.jp"]``); they replace those of the file.  Without them
            (and without ``[authentication]``) no ``Authentication-Results`` header is
            read: any sender can write one (:mod:`spamkit.detectors.auth`).

        Returns
        -------
        RuleSet

        Raises
        ------
        ConfigError
            When a file is not valid TOML, names an unknown rule, uses an unknown key
            or flag, has a bad meta expression or a refused pattern, or makes a new
            rule a model feature.

        Notes
        -----
        A detector registered by your own code (:func:`spamkit.detectors.detector`)
        needs an entry: its ``description=`` (and ``score=``) or a table in the rules
        file.  One without either is not run, and a warning says so.

        Examples
        --------
        >>> rules = RuleSet.load()
        >>> rules.rules["FREEMAIL_FROM"].feature
        True
        >>> sorted(RuleSet.load(trusted_authserv_ids=["MX.example.jp"]).lists.trusted_authserv_ids)
        ['mx.example.jp']

        A :class:`~spamkit.classifier.Classifier` takes either the file or the rule set:
        ``Classifier(rules="local.toml")`` or ``Classifier(rules=RuleSet.load(
        trusted_authserv_ids=["mx.example.jp"]))``.
        """
        source = "spamkit/data/rules"
        entries = _shipped_entries()
        shipped = rule_table()
        signals = {n for n, e in shipped.items() if "model" in e.get("flags", ())}
        lists = shipped_lists()
        if path is not None:
            user_source, overlay = str(path), dict(read_toml(path))
            changes = {key: overlay.pop(key) for key in _LIST_TABLES if key in overlay}
            for key, value in changes.items():
                if not isinstance(value, dict):
                    raise ConfigError(f"{user_source}: [{key}] must hold tables ([{key}.NAME])")
            lists = lists.overlay(
                changes.get("lists"),
                changes.get("brands"),
                authentication=overlay.pop(_SETTINGS_TABLE, None),
                source=user_source,
            )
            _overlay(entries, overlay, user_source)
            source = f"{source} + {user_source}"
        if trusted_authserv_ids is not None:
            if isinstance(trusted_authserv_ids, str):
                raise ConfigError("trusted_authserv_ids must be a list of ids, not one string")
            lists = lists.overlay(
                authentication={"trusted_authserv_ids": list(trusted_authserv_ids)},
                source="RuleSet.load(trusted_authserv_ids=...)",
            )
        for name in DETECTORS:
            if name not in entries:
                _log.warning(
                    "detector %s has no rule-table entry (give @detector a description, or"
                    " add [%s] to your rules file); it is not run",
                    name,
                    name,
                )
        rules = []
        for name, entry in entries.items():
            if "model" in entry.get("flags", ()) and name not in signals:
                raise ConfigError(
                    f"{_where(source, name)}: only the shipped signals are model features"
                    " (the model was trained on them); drop the model flag"
                )
            rules.append(_build_rule(source, name, entry))
        return cls(rules, lists)

    def _meta_order(self) -> list[Rule]:
        """Meta rules in dependency order; rejects unknown names and cycles."""
        metas = {r.name: r for r in self.rules.values() if r.expr is not None}
        for rule in metas.values():
            unknown = meta_names(rule.expr) - set(self.rules)  # type: ignore[arg-type]
            if unknown:
                raise ConfigError(f"[{rule.name}]: meta names unknown rule(s) {sorted(unknown)}")
        order: list[Rule] = []
        state: dict[str, int] = {}

        def visit(name: str, path: tuple[str, ...]) -> None:
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                raise ConfigError(f"meta rules refer to each other in a loop: {' -> '.join(path)}")
            state[name] = 1
            for dep in sorted(meta_names(metas[name].expr)):  # type: ignore[arg-type]
                if dep in metas:
                    visit(dep, (*path, dep))
            state[name] = 2
            order.append(metas[name])

        for name in metas:
            visit(name, (name,))
        return order

    @property
    def names(self) -> list[str]:
        """Every name checked on a message, in report order (not the ``net`` rules)."""
        return [n for n in self._order if not self.rules[n].network]

    @property
    def network_names(self) -> list[str]:
        """The names of the rules found over the network (DNSBL listing symbols)."""
        return [n for n in self._order if self.rules[n].network]

    def fired(self, mail: ParsedMail) -> dict[str, str]:
        """Every enabled name that fires on ``mail`` (sub-rules included), with its evidence.

        Parameters
        ----------
        mail : ParsedMail

        Returns
        -------
        dict
            name -> evidence.
        """
        wanted = self._wanted()
        errors: list[tuple[str, str]] = []
        fired = dict(detect(mail, wanted, errors=errors, lists=self.lists, more=self._patterns))
        if errors:
            # Not a rule of the table: check() reports it with score 0 (see DETECTOR_ERROR).
            fired[DETECTOR_ERROR] = "; ".join(f"{name}: {why}" for name, why in errors)
        for rule in self._metas:
            if rule.enabled and eval_meta(rule.expr, fired):  # type: ignore[arg-type]
                fired[rule.name] = self._meta_evidence(rule, fired)
        return fired

    def _wanted(self) -> set[str]:
        """The names the detectors and pattern rules run for: built once per rule table.

        The set took 1 % of ``spamkit score`` rebuilt per message (cProfile, 2026-11-30);
        it is rebuilt when ``rules`` is no longer the dict it was made from or has changed
        size (the table is not edited in place after loading).
        """
        key = (id(self.rules), len(self.rules))
        cached = self.__dict__.get("_wanted_cache")
        if cached is None or cached[0] != key:
            names = {
                n for n, r in self.rules.items() if r.enabled and r.expr is None and not r.network
            }
            cached = self.__dict__["_wanted_cache"] = (key, names)
        return cached[1]

    def _meta_evidence(self, rule: Rule, fired: Mapping[str, str]) -> str:
        """The parts of a meta rule that fired, each with what it matched (issue 11 §5).

        "FREEMAIL_FROM outlook.com; SEQUENCE_CLAIM '3度目のご連絡' ...": a reason that says
        what is wrong, not only which names were counted.  A part that is itself a meta
        rule is named only; each part's evidence is cut to 80 characters.
        """
        parts = []
        for name in _names_in_order(rule.expr):  # type: ignore[arg-type]
            if name not in fired or name.startswith("__"):
                continue
            part = self.rules.get(name)
            evidence = fired[name] if part is None or part.expr is None else ""
            evidence = " ".join(evidence.split())
            if len(evidence) > 80:
                evidence = evidence[:79] + "…"
            parts.append(f"{name} {evidence}".rstrip())
        return "; ".join(parts)[:500]

    def weigh(self, hits: Iterable[RuleHit]) -> list[RuleHit]:
        """Hits found outside the detectors (DNSBL listings), weighed by this table.

        A name the table holds takes the table's score and description (a user's rules
        file may have re-weighted it); a disabled one is dropped; a name the table does
        not know (a DNSBL error symbol, always score 0) is kept as it is.

        Parameters
        ----------
        hits : iterable of RuleHit

        Returns
        -------
        list of RuleHit
            Never model features: the model was not trained on them.
        """
        weighed = []
        for hit in hits:
            rule = self.rules.get(hit.name)
            if rule is None:
                weighed.append(hit)
            elif rule.enabled:
                weighed.append(
                    RuleHit(hit.name, rule.score, rule.description, hit.evidence, feature=False)
                )
        return weighed

    def check(self, mail: ParsedMail) -> list[RuleHit]:
        """The rules and signals that fire on ``mail``, in table order.

        Parameters
        ----------
        mail : ParsedMail

        Returns
        -------
        list of RuleHit
            Sub-rules (``__NAME``) are left out.
        """
        fired = self.fired(mail)
        hits = []
        for name in self._order:
            if name in fired and not name.startswith("__"):
                rule = self.rules[name]
                hits.append(
                    RuleHit(name, rule.score, rule.description, fired[name], feature=rule.feature)
                )
        if DETECTOR_ERROR in fired and DETECTOR_ERROR not in self.rules:
            # Zero score and no model feature: the model never saw this name in training.
            hits.append(
                RuleHit(
                    DETECTOR_ERROR,
                    0.0,
                    "a detector raised on this message and was skipped (see the log)",
                    fired[DETECTOR_ERROR][:300],
                    feature=False,
                )
            )
        return hits


def _build_rule(source: str, name: str, entry: dict[str, Any]) -> Rule:
    if "description" not in entry:
        raise ConfigError(f"{_where(source, name)}: description is required")
    flags = frozenset(entry.get("flags", ()))
    score = float(entry.get("score", 0.0))
    if "ham" in flags and score > 0:
        raise ConfigError(f"{_where(source, name)}: a 'ham' rule cannot have a positive score")
    expr = matcher = None
    if "meta" in entry:
        try:
            expr = parse_meta(entry["meta"])
        except ValueError as exc:
            raise ConfigError(f"{_where(source, name)}: bad meta expression: {exc}") from exc
    elif "pattern" in entry:
        if flags & {"model", "net"}:
            raise ConfigError(f"{_where(source, name)}: a pattern rule is neither model nor net")
        try:
            matcher = PatternMatcher(entry.get("where", ""), entry["pattern"])
        except ValueError as exc:
            raise ConfigError(f"{_where(source, name)}: bad pattern rule: {exc}") from exc
    elif name not in DETECTORS and "net" not in flags:
        raise ConfigError(f"{_where(source, name)}: no detector for this name and no meta")
    return Rule(
        name=name,
        score=score,
        description=entry["description"].strip(),
        flags=flags,
        meta=entry.get("meta", ""),
        where=entry.get("where", ""),
        pattern=entry.get("pattern", ""),
        enabled=entry.get("enabled", True),
        ok=tuple(entry.get("ok", ())),
        fail=tuple(entry.get("fail", ())),
        expr=expr,
        matcher=matcher,
    )
