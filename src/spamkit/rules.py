"""Named rules and signals: detection lives in code, names/scores/descriptions in data.

The rule table is ``spamkit/data/rules.toml`` (one TOML table per name, SpamAssassin's
``describe``/``score``/``tflags``/``meta`` plus its ``ok``/``fail`` regression
examples).  A user's file in the same format is laid over it: it may change a
``score`` or ``description``, set ``enabled = false``, or add new ``meta`` rules.

Two kinds of names:

* a **signal** (flag ``model``) is fed to the trained model as the token
  ``signal:NAME``, so its weight is learned; its ``score`` is a hand-set extra,
  usually 0;
* a **rule** (no ``model`` flag) adds its ``score`` to the verdict directly, in
  log-odds points (+3 multiplies the spam odds by e^3).

Detectors are registered with :func:`spamkit.detectors.detector` and live in
:mod:`spamkit.detectors`; this module holds no detector.  A ``meta`` rule combines other
names with ``&&``, ``||``, ``!`` and parentheses; it is parsed by a small
recursive-descent parser, never evaluated as Python.  Names starting with ``__``
are sub-rules (SpamAssassin's convention): usable in metas, never reported.
A disabled name is not run, so a meta that needs it does not fire.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

from .datafiles import data_toml, read_toml
from .detectors import DETECTORS, detect
from .errors import ConfigError
from .message import ParsedMail

__all__ = [
    "FLAGS",
    "Rule",
    "RuleHit",
    "RuleSet",
    "eval_meta",
    "meta_names",
    "parse_meta",
]

#: Flags a rule may carry: ``model`` = also a model feature (a signal), ``ham`` = a
#: sign of legitimate mail (score <= 0), ``net`` = needs the network.
FLAGS = frozenset({"model", "ham", "net"})
_KEYS = frozenset({"score", "description", "flags", "meta", "enabled", "ok", "fail"})
_OVERLAY_KEYS = frozenset({"score", "description", "enabled", "meta", "flags"})
_NAME = re.compile(r"(?:__)?[A-Z][A-Z0-9_]{1,63}")
#: Reported (score 0, never a model feature) when a detector raises; evidence names it.
DETECTOR_ERROR = "DETECTOR_ERROR"


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

#: A parsed meta expression: a name, ("!", e), ("&&", a, b) or ("||", a, b).
Expr = str | tuple[Any, ...]
_META_TOKEN = re.compile(r"\s*(&&|\|\||!|\(|\)|(?:__)?[A-Z][A-Z0-9_]{0,63})")


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


def parse_meta(text: str) -> Expr:
    """Parse a meta expression (``A && (B || !C)``) into a nested tuple tree.

    Parameters
    ----------
    text : str
        Names joined by ``&&``, ``||``, ``!`` and parentheses; ``!`` binds tightest,
        then ``&&``, then ``||``.

    Returns
    -------
    str or tuple
        A name, ``("!", e)``, ``("&&", a, b)`` or ``("||", a, b)``.

    Raises
    ------
    ValueError
        On a syntax error, with the position.

    Examples
    --------
    >>> parse_meta("A && !B || C")
    ('||', ('&&', 'A', ('!', 'B')), 'C')
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
        left = parse_not(depth)
        while peek() == "&&":
            take()
            left = ("&&", left, parse_not(depth))
        return left

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
        if token in ("&&", "||", ")"):
            raise ValueError(f"unexpected {token!r}")
        return token

    tree = parse_or(0)
    if pos != len(tokens):
        raise ValueError(f"unexpected {tokens[pos]!r} after the expression")
    return tree


def meta_names(expr: Expr) -> set[str]:
    """Every name an expression refers to."""
    if isinstance(expr, str):
        return {expr}
    return set().union(*(meta_names(e) for e in expr[1:]))  # type: ignore[arg-type]


def eval_meta(expr: Expr, fired: Mapping[str, object]) -> bool:
    """Evaluate a parsed meta expression against the names that fired."""
    if isinstance(expr, str):
        return expr in fired
    op = expr[0]
    if op == "!":
        return not eval_meta(expr[1], fired)
    if op == "&&":
        return eval_meta(expr[1], fired) and eval_meta(expr[2], fired)  # type: ignore[misc]
    return eval_meta(expr[1], fired) or eval_meta(expr[2], fired)  # type: ignore[misc]


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Rule:
    """One entry of the rule table."""

    name: str
    score: float
    description: str
    flags: frozenset[str] = frozenset()
    meta: str = ""
    enabled: bool = True
    ok: tuple[Any, ...] = ()
    fail: tuple[Any, ...] = ()
    expr: Expr | None = field(default=None, compare=False, repr=False)

    @property
    def feature(self) -> bool:
        """True for a signal (fed to the model)."""
        return "model" in self.flags


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
    if "meta" in entry and not isinstance(entry["meta"], str):
        raise ConfigError(f"{_where(source, name)}: meta must be a string like 'A && B'")
    for key in ("ok", "fail"):
        if key in entry and not isinstance(entry[key], list):
            raise ConfigError(f"{_where(source, name)}: {key} must be a list of examples")
    return entry


class RuleSet:
    """The loaded rule table: the shipped rules with a user's overrides laid over them.

    Parameters
    ----------
    rules : sequence of Rule
        The entries, in report order.  Use :meth:`load` rather than building one.

    See Also
    --------
    spamkit.detectors.detect : runs the detectors this table names.
    """

    def __init__(self, rules: Sequence[Rule] = ()) -> None:
        self.rules = {rule.name: rule for rule in rules}
        self._order = list(self.rules)
        self._metas = self._meta_order()

    @classmethod
    def load(cls, path: str | PathLike[str] | None = None) -> RuleSet:
        """Load the shipped table, then overlay the rules file at ``path`` if given.

        Parameters
        ----------
        path : path-like or None
            A TOML file in the format of ``spamkit/data/rules.toml``.  For a name the
            table already has, only ``score``, ``description``, ``enabled`` (and for
            metas ``meta``/``flags``) may be set; a new name must be a ``meta`` rule
            with a ``score`` and a ``description``.

        Returns
        -------
        RuleSet

        Raises
        ------
        ConfigError
            When a file is not valid TOML, names an unknown rule, uses an unknown key
            or flag, has a bad meta expression, or when a detector has no entry.

        Examples
        --------
        >>> rules = RuleSet.load()
        >>> rules.rules["FREEMAIL_FROM"].feature
        True
        """
        source, table = "spamkit/data/rules.toml", data_toml("rules.toml")
        entries: dict[str, dict[str, Any]] = {}
        for name, entry in table.items():
            entries[name] = dict(_check_entry(source, name, entry, _KEYS))
        missing = [n for n in DETECTORS if n not in entries]
        if missing:
            raise ConfigError(f"{source}: detector(s) without an entry: {', '.join(missing)}")
        if path is not None:
            user_source, overlay = str(path), read_toml(path)
            for name, entry in overlay.items():
                entry = _check_entry(user_source, name, entry, _OVERLAY_KEYS)
                if name in entries:
                    if ("meta" in entry or "flags" in entry) and "meta" not in entries[name]:
                        raise ConfigError(
                            f"{_where(user_source, name)}: only score, description and "
                            "enabled can be changed for a rule that has a detector"
                        )
                    entries[name].update(entry)
                elif "meta" in entry and "score" in entry and "description" in entry:
                    entries[name] = dict(entry)
                else:
                    raise ConfigError(
                        f"{_where(user_source, name)}: no such rule; a new rule needs "
                        "meta, score and description"
                    )
            source = f"{source} + {user_source}"
        rules = [_build_rule(source, name, entry) for name, entry in entries.items()]
        return cls(rules)

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
        """Every name in the table, in report order."""
        return list(self._order)

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
        wanted = {n for n, r in self.rules.items() if r.enabled and r.expr is None}
        errors: list[tuple[str, str]] = []
        fired = dict(detect(mail, wanted, errors=errors))
        if errors:
            # Not a rule of the table: check() reports it with score 0 (see DETECTOR_ERROR).
            fired[DETECTOR_ERROR] = "; ".join(f"{name}: {why}" for name, why in errors)
        for rule in self._metas:
            if rule.enabled and eval_meta(rule.expr, fired):  # type: ignore[arg-type]
                used = sorted(n for n in meta_names(rule.expr) if n in fired)  # type: ignore[arg-type]
                fired[rule.name] = " + ".join(used)
        return fired

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
    expr = None
    if "meta" in entry:
        try:
            expr = parse_meta(entry["meta"])
        except ValueError as exc:
            raise ConfigError(f"{_where(source, name)}: bad meta expression: {exc}") from exc
    elif name not in DETECTORS:
        raise ConfigError(f"{_where(source, name)}: no detector for this name and no meta")
    return Rule(
        name=name,
        score=score,
        description=entry["description"].strip(),
        flags=flags,
        meta=entry.get("meta", ""),
        enabled=entry.get("enabled", True),
        ok=tuple(entry.get("ok", ())),
        fail=tuple(entry.get("fail", ())),
        expr=expr,
    )
