"""Test helper: a reference ISO-2022-JP (CP50220) encoder, independent of spamkit's decoder."""

from __future__ import annotations

import contextlib


def sjis_to_jis(text: str) -> bytes:
    """Reference ISO-2022-JP encoder (CP50220 style), written independently of the decoder."""
    out = bytearray()
    in_jis = False
    for ch in text:
        raw = ch.encode("cp932")
        if len(raw) == 1:
            if in_jis:
                out += b"\x1b(B"
                in_jis = False
            out += raw
            continue
        s1, s2 = raw
        if s1 >= 0xFA:  # IBM extension: CP50220 sends the NEC-selected copy
            s1, s2 = NEC_SELECTED[ch]
        j1 = (s1 - (0x70 if s1 < 0xA0 else 0xB0)) * 2
        if s2 < 0x9F:
            j1 -= 1
            j2 = s2 - (0x20 if s2 >= 0x80 else 0x1F)
        else:
            j2 = s2 - 0x7E
        if not in_jis:
            out += b"\x1b$B"
            in_jis = True
        out += bytes([j1, j2])
    if in_jis:
        out += b"\x1b(B"
    return bytes(out)


NEC_SELECTED: dict[str, tuple[int, int]] = {}
for _lead in (0xED, 0xEE):
    for _trail in range(0x40, 0xFD):
        with contextlib.suppress(UnicodeDecodeError):
            NEC_SELECTED.setdefault(bytes([_lead, _trail]).decode("cp932"), (_lead, _trail))
