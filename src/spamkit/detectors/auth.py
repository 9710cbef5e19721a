"""Authentication detectors: SPF, DKIM and DMARC results your own MTA wrote down.

A receiving MTA (Postfix with OpenDKIM/OpenDMARC, rspamd, Gmail, ...) records what it
checked in an ``Authentication-Results`` header (RFC 8601).  Anyone can write such a
header into a message, so spamkit reads only those whose **authserv-id** -- the first
word of the header, ``mx.example.jp`` in ``Authentication-Results: mx.example.jp;
dkim=pass ...`` -- is one the site trusts: ``[authentication] trusted_authserv_ids`` in a
rules file, or ``RuleSet.load(trusted_authserv_ids=[...])``.  The shipped list is empty,
so out of the box no ``AUTH_*`` name ever fires.

Which headers count
-------------------
Headers are read from the top of the message down (the top is the last hop):

1. the block starts at the **topmost** ``Authentication-Results`` header; if its
   authserv-id is not trusted, nothing counts (a header your MTA adds sits above
   anything the sender wrote);
2. the block goes on through the following ``Authentication-Results`` headers with a
   trusted authserv-id, other headers in between (an MTA's own ``Received``,
   ``Received-SPF``, ``DKIM-Filter``) allowed, and ends at the first one with another or
   no authserv-id, or at a ``Received`` header once the block holds a header (what lies
   below that came from the previous hop);
3. inside the block, a method counts only in the **first** header that reports it
   (``dkim`` with every signature of that header): a forged copy below with your
   authserv-id can add a method your MTA did not check, never change or add to one it
   did.

RFC 8601 §5 asks an MTA to remove headers that carry its own authserv-id from incoming
mail; OpenDMARC, rspamd (``milter_headers``) and Postfix's ``header_checks`` can.  A
header without an authserv-id (Exchange Online writes ``spf=pass ...; dkim=...`` with
none) is never trusted.  Nor are ``ARC-Authentication-Results`` or ``Received-SPF``.

Why the scores are set by hand
------------------------------
No corpus can teach them: the shared ham has no ``Authentication-Results`` at all and
every phishing message has one (added by the honeypot's Exchange, without an
authserv-id), so as model features they would tell the corpora apart.  They are rules
(``data/rules/15-auth.toml``) with small, hand-set scores, measured against the results
the phishing's own headers report (``benchmarks/auth_results.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domains import address_domain, registered_domain
from ._base import MailView, detector

__all__ = ["AuthResult", "AuthResults", "parse_authentication_results", "trusted_results"]

#: Bounds that keep a hostile header cheap: characters read of one header, results kept
#: of one header, properties kept of one result, headers looked at.
MAX_HEADER_CHARS = 8_000
MAX_RESULTS = 64
MAX_PROPERTIES = 16
MAX_HEADERS = 64
#: Comments nest at most this deep; deeper parentheses are read as text.
MAX_COMMENT_DEPTH = 8

_SEPARATORS = frozenset(';=()"')


@dataclass(frozen=True)
class AuthResult:
    """One ``method=result`` of an ``Authentication-Results`` header (lower-cased).

    ``properties`` maps ``ptype.property`` (``header.d``, ``smtp.mailfrom``) and bare
    keys some MTAs write (Exchange's ``action``) to values; ``comments`` are the texts
    of the parenthesised comments after the result, where OpenDMARC and Gmail put the
    DMARC policy (``p=reject``).
    """

    method: str
    result: str
    reason: str = ""
    properties: dict[str, str] = field(default_factory=dict)
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuthResults:
    """A parsed ``Authentication-Results`` header: who wrote it, and what it found.

    ``authserv_id`` is ``""`` when the header starts with a result (Exchange Online).
    """

    authserv_id: str
    results: tuple[AuthResult, ...] = ()


def _tokens(value: str) -> list[tuple[str, str]]:
    """The header as ``(kind, text)``: ``w`` word, ``q`` quoted, ``c`` comment, or ``;``/``=``.

    One pass, no recursion, no regular expression; unbalanced quotes and parentheses run
    to the end of the text (RFC 5322 would reject them; a filter reads what is there).
    """
    out: list[tuple[str, str]] = []
    i, n = 0, len(value)
    while i < n:
        ch = value[i]
        if ch.isspace():
            i += 1
        elif ch in ";=":
            out.append((ch, ch))
            i += 1
        elif ch == '"':
            i += 1
            text = []
            while i < n and value[i] != '"':
                if value[i] == "\\" and i + 1 < n:
                    i += 1
                text.append(value[i])
                i += 1
            out.append(("q", "".join(text)))
            i += 1
        elif ch == "(":
            depth, i, text = 1, i + 1, []
            while i < n and depth:
                c = value[i]
                if c == "\\" and i + 1 < n:
                    text.append(value[i + 1])
                    i += 2
                    continue
                if c == "(" and depth < MAX_COMMENT_DEPTH:
                    depth += 1
                elif c == ")":
                    depth -= 1
                    if not depth:
                        break
                text.append(c)
                i += 1
            out.append(("c", "".join(text)))
            i += 1
        elif ch == ")":
            i += 1  # a stray closing parenthesis
        else:
            start = i
            while i < n and not value[i].isspace() and value[i] not in _SEPARATORS:
                i += 1
            out.append(("w", value[start:i]))
    return out


def _result(segment: list[tuple[str, str]]) -> AuthResult | None:
    """One ``;``-separated resinfo: ``method [/version] = result`` then reason and properties."""
    words = [(k, t) for k, t in segment if k != "c"]
    if len(words) < 3 or words[0][0] != "w" or words[1][0] != "=" or words[2][0] not in "wq":
        return None
    method = words[0][1].split("/", 1)[0].lower()
    result = words[2][1].lower()
    if not method or not result:
        return None
    reason = ""
    properties: dict[str, str] = {}
    comments: list[str] = []
    seen_result = False
    i = 0
    while i < len(segment):
        kind, text = segment[i]
        if kind == "c":
            if seen_result:
                comments.append(text[:300])
            i += 1
            continue
        if not seen_result:
            # skip "method = result"
            if kind in "wq" and i + 2 < len(segment) and segment[i + 1][0] == "=":
                i += 3
                seen_result = True
                continue
            i += 1
            continue
        if kind == "w" and i + 2 < len(segment) and segment[i + 1][0] == "=":
            key, value = text.lower(), segment[i + 2][1]
            if key == "reason":
                reason = value[:300]
            elif len(properties) < MAX_PROPERTIES:
                properties.setdefault(key, value[:300])
            i += 3
        else:
            i += 1
    return AuthResult(method[:64], result[:64], reason, properties, tuple(comments[:8]))


def parse_authentication_results(value: str) -> AuthResults:
    """Parse one ``Authentication-Results`` header value (RFC 8601); never raises.

    Parameters
    ----------
    value : str
        The header's value, unfolded or not.  Only the first :data:`MAX_HEADER_CHARS`
        characters are read, and at most :data:`MAX_RESULTS` results kept.

    Returns
    -------
    AuthResults
        The authserv-id (lower-cased; ``""`` when the header starts with a result or is
        empty) and each ``method=result`` with its reason, properties and comments.

    Examples
    --------
    >>> ar = parse_authentication_results(
    ...     "mx.google.com; dkim=pass header.i=@example.com header.s=s1;"
    ...     " spf=pass (google.com: domain of a@example.com designates 192.0.2.1 as"
    ...     " permitted sender) smtp.mailfrom=a@example.com;"
    ...     " dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com")
    >>> ar.authserv_id, [(r.method, r.result) for r in ar.results]
    ('mx.google.com', [('dkim', 'pass'), ('spf', 'pass'), ('dmarc', 'pass')])
    >>> ar.results[2].comments
    ('p=REJECT sp=REJECT dis=NONE',)
    """
    tokens = _tokens(value[:MAX_HEADER_CHARS])
    segments: list[list[tuple[str, str]]] = [[]]
    for token in tokens:
        if token[0] == ";":
            if len(segments) > MAX_RESULTS:
                break
            segments.append([])
        else:
            segments[-1].append(token)
    head = [t for t in segments[0] if t[0] != "c"]
    authserv_id = ""
    if head and head[0][0] in "wq" and not (len(head) > 1 and head[1][0] == "="):
        authserv_id = head[0][1].lower()[:255]  # an authres-version may follow: ignored
        segments = segments[1:]
    results = tuple(r for r in map(_result, segments[: MAX_RESULTS + 1]) if r is not None)
    return AuthResults(authserv_id, results[:MAX_RESULTS])


def trusted_results(view: MailView) -> list[tuple[AuthResults, AuthResult]]:
    """The results of the trusted block of headers (the module docstring says which).

    Returns ``[]`` when the site trusts no authserv-id.  Computed once per view.
    """
    cached: list[tuple[AuthResults, AuthResult]] | None = view.__dict__.get("_trusted_auth")
    if cached is not None:
        return cached
    found: list[tuple[AuthResults, AuthResult]] = []
    trusted = view.lists.trusted_authserv_ids
    if trusted:
        started = False
        methods: set[str] = set()
        for key, value in view.mail.headers[: MAX_HEADERS * 4]:
            name = key.lower()
            if name == "received" and started:
                break
            if name != "authentication-results":
                continue
            header = parse_authentication_results(value)
            if header.authserv_id not in trusted:
                break
            started = True
            # Only the first header that reports a method counts for it (all its DKIM
            # signatures included): a forged copy below cannot add a result.
            found += [(header, r) for r in header.results if r.method not in methods]
            methods.update(r.method for r in header.results)
    view.__dict__["_trusted_auth"] = found
    return found


def _first(view: MailView, method: str) -> tuple[AuthResults, AuthResult] | None:
    return next((pair for pair in trusted_results(view) if pair[1].method == method), None)


def _evidence(header: AuthResults, result: AuthResult, *keys: str) -> str:
    """``dmarc=fail (p=reject) header.from=example.com by mx.example.jp``."""
    parts = [f"{result.method}={result.result}"]
    if result.comments:
        parts.append(f"({result.comments[0][:80]})")
    parts += [f"{k}={result.properties[k][:80]}" for k in keys if k in result.properties]
    parts.append(f"by {header.authserv_id}")
    return " ".join(parts)


def _spf(view: MailView, wanted: str) -> str | None:
    pair = _first(view, "spf")
    if pair is None or pair[1].result != wanted:
        return None
    return _evidence(*pair, "smtp.mailfrom", "smtp.helo")


@detector("AUTH_SPF_PASS")
def auth_spf_pass(view: MailView) -> str | None:
    """Your MTA's SPF check passed (the envelope sender's domain allows the sending host)."""
    return _spf(view, "pass")


@detector("AUTH_SPF_FAIL")
def auth_spf_fail(view: MailView) -> str | None:
    """Your MTA's SPF check failed: the envelope sender's domain forbids the sending host."""
    return _spf(view, "fail")


@detector("AUTH_SPF_SOFTFAIL")
def auth_spf_softfail(view: MailView) -> str | None:
    """Your MTA's SPF check soft-failed (``~all``: the domain does not vouch for the host)."""
    return _spf(view, "softfail")


def _dkim_domain(result: AuthResult) -> str:
    """The signing domain: ``header.d``, else the domain of ``header.i`` (Gmail writes i=)."""
    domain = result.properties.get("header.d", "")
    if not domain:
        domain = address_domain(result.properties.get("header.i", "")) or ""
    return domain.strip().lower()


@detector("AUTH_DKIM_ALIGNED")
def auth_dkim_aligned(view: MailView) -> str | None:
    """A DKIM signature that your MTA verified was made by the From's own organisation."""
    if not view.from_reg:
        return None
    for header, result in trusted_results(view):
        if result.method == "dkim" and result.result == "pass":
            domain = _dkim_domain(result)
            if domain and registered_domain(domain) == view.from_reg:
                return _evidence(header, result, "header.d", "header.i")
    return None


@detector("AUTH_DKIM_FAIL")
def auth_dkim_fail(view: MailView) -> str | None:
    """A DKIM signature failed your MTA's check and no other one passed."""
    dkim = [(h, r) for h, r in trusted_results(view) if r.method == "dkim"]
    if any(r.result == "pass" for _, r in dkim):
        return None
    failed = next(((h, r) for h, r in dkim if r.result == "fail"), None)
    return _evidence(*failed, "header.d", "header.i") if failed else None


#: Policy words, as OpenDMARC, Gmail, rspamd, Fastmail and Exchange write them.
_POLICY_WORDS = {
    "reject": "reject",
    "oreject": "reject",  # Exchange: policy reject, delivered to junk ("override")
    "quarantine": "quarantine",
    "oquarantine": "quarantine",
    "none": "none",
}


def dmarc_policy(result: AuthResult, from_domain: str = "") -> str:
    """The DMARC policy a ``dmarc=`` result states: reject, quarantine, none, or ``""``.

    Read from the properties ``policy.dmarc`` and ``policy.published-domain-policy``
    (Fastmail, authentication_milter), Exchange's ``action``, and the comment of
    OpenDMARC and Gmail (``(p=reject sp=none dis=none)``) or rspamd (``(policy=reject)``);
    ``sp=`` applies when the From domain is a subdomain of its organisation.

    Examples
    --------
    >>> r = parse_authentication_results(
    ...     "mx.example.jp; dmarc=fail (p=reject dis=none) header.from=example.com").results[0]
    >>> dmarc_policy(r)
    'reject'
    """
    for key in ("policy.dmarc", "policy.published-domain-policy", "action"):
        word = _POLICY_WORDS.get(result.properties.get(key, "").lower())
        if word:
            return word
    subdomain = bool(from_domain) and registered_domain(from_domain) != from_domain
    for comment in result.comments:
        pairs = dict(
            part.split("=", 1) for part in comment.lower().replace(",", " ").split() if "=" in part
        )
        for key in (("sp", "p") if subdomain else ("p",)) + ("policy",):
            word = _POLICY_WORDS.get(pairs.get(key, "").strip())
            if word:
                return word
    return ""


def _dmarc_fail(view: MailView, policies: tuple[str, ...]) -> str | None:
    pair = _first(view, "dmarc")
    if pair is None or pair[1].result != "fail":
        return None
    policy = dmarc_policy(pair[1], view.from_domain)
    if policy not in policies:
        return None
    return _evidence(*pair, "header.from") + f", policy {policy or 'not stated'}"


@detector("AUTH_DMARC_PASS")
def auth_dmarc_pass(view: MailView) -> str | None:
    """Your MTA's DMARC check passed: the From domain is authenticated (SPF or DKIM aligned)."""
    pair = _first(view, "dmarc")
    return _evidence(*pair, "header.from") if pair and pair[1].result == "pass" else None


@detector("AUTH_DMARC_FAIL_REJECT")
def auth_dmarc_fail_reject(view: MailView) -> str | None:
    """DMARC failed, and the From domain's owner asks to reject such mail (p=reject)."""
    return _dmarc_fail(view, ("reject",))


@detector("AUTH_DMARC_FAIL_QUARANTINE")
def auth_dmarc_fail_quarantine(view: MailView) -> str | None:
    """DMARC failed, and the From domain's owner asks to quarantine such mail."""
    return _dmarc_fail(view, ("quarantine",))


@detector("AUTH_DMARC_FAIL")
def auth_dmarc_fail(view: MailView) -> str | None:
    """DMARC failed; the From domain's policy is p=none or not stated."""
    return _dmarc_fail(view, ("none", ""))
