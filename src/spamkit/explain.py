"""Every reason of a verdict as a table whose lines add up to its score.

``spamkit classify --explain`` prints :func:`format_explanation`: every rule and signal
that fired (hand-set points plus learned weight), every defect, the strongest tokens,
then one line for the rest of the model (its intercept and the tokens not listed), and
the total, which is the verdict's score.  Columns are aligned by display width, so
Japanese names (two columns a character) line up with English ones, and no name is cut.
"""

from __future__ import annotations

import unicodedata

from .classifier import Verdict

__all__ = ["display_width", "format_explanation", "pad"]


def display_width(text: str) -> int:
    """Terminal columns of ``text``: East Asian wide and full-width characters count two.

    Examples
    --------
    >>> display_width("abc"), display_width("返信"), display_width("subject:部")
    (3, 4, 10)
    """
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` display columns."""
    return text + " " * max(0, width - display_width(text))


def _points(value: float) -> str:
    return f"{value:+7.2f}" if value else "   0.00"


def format_explanation(verdict: Verdict) -> str:
    """The verdict's reasons as aligned lines that add up to its score.

    Examples
    --------
    >>> from spamkit.classifier import Reason, Verdict
    >>> v = Verdict.from_score(1.5, 0.0, [Reason("RULE_A", 2.0, "a rule")], rest=-0.5)
    >>> print(format_explanation(v))  # doctest: +NORMALIZE_WHITESPACE
    Content analysis: spam, score 1.50 (spam from 0.00), probability 0.818 (spam from 0.500)
        pts  name                description
    -------  ------------------  -----------
      +2.00  RULE_A              a rule
      -0.50  (rest of the model) intercept and the tokens not listed
    -------
      +1.50  total
    """
    rows: list[tuple[str, str, str]] = []
    for reason in verdict.reasons:
        detail = reason.description
        if reason.evidence:
            detail += f" [{reason.evidence}]"
        rows.append((_points(reason.score), reason.name, detail))
    rows.append(
        (_points(verdict.rest), "(rest of the model)", "intercept and the tokens not listed")
    )
    width = max(display_width(name) for _, name, _ in rows)
    rule = "-" * 11
    lines = [
        f"Content analysis: {verdict.label}, score {verdict.score:.2f}"
        f" (spam from {verdict.threshold:.2f}), probability {verdict.probability:.3f}"
        f" (spam from {verdict.threshold_probability:.3f})",
        f"{'pts':>7}  {pad('name', width)}  description",
        f"{'-' * 7}  {'-' * width}  {rule}",
    ]
    lines += [f"{pts}  {pad(name, width)}  {detail}" for pts, name, detail in rows]
    lines += ["-" * 7, f"{_points(verdict.score)}  total"]
    return "\n".join(line.rstrip() for line in lines)
