"""Right-to-left text on terminals that do not reorder it.

Most terminals (xterm, Windows Terminal, kitty, iTerm2) draw characters left to right
in the order they come, so an Arabic line reads backwards; a few (GNOME Terminal and
other VTE ones, Konsole, mlterm) apply the Unicode bidirectional algorithm themselves.
For the first kind, each line is put in display order here, after wrapping (the order
of a line depends on where it breaks). This is the part of the Unicode algorithm
(UAX #9, rules W1-W7, N1-N2, I1-I2, L2 and mirroring) that plain text without explicit
embeddings needs. python-bidi implements the whole of it but returns only the
reordered string, and the explain view must keep each character's colour.
"""
from __future__ import annotations

import os
import unicodedata

from rich.text import Text

__all__ = ["terminal_reorders", "display_order", "is_rtl"]

_MIRROR = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹"))


def terminal_reorders() -> bool:
    """Whether the terminal applies the bidirectional algorithm itself."""
    return bool(os.environ.get("VTE_VERSION") or os.environ.get("KONSOLE_VERSION")
                or os.environ.get("TERM", "").startswith("mlterm"))


def is_rtl(text: str) -> bool:
    """A paragraph's direction: that of its first strong character (rule P2)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def display_order(line: Text, rtl: bool) -> Text:
    """``line`` (one display line, no newline) with its characters in the order a
    left-to-right terminal must draw them, each keeping its style."""
    plain = line.plain
    if not any(unicodedata.bidirectional(ch) in ("R", "AL", "AN") for ch in plain):
        return line
    levels = _levels(plain, rtl)
    styles: list[list] = [[] for _ in plain]
    for span in line.spans:
        for i in range(span.start, min(span.end, len(plain))):
            styles[i].append(span.style)
    # A letter and the marks on it move as one (rule L3: "كميناً" keeps its tanween on its alif).
    clusters: list[list[int]] = []
    for i, ch in enumerate(plain):
        if clusters and unicodedata.combining(ch):
            clusters[-1].append(i)
        else:
            clusters.append([i])
    order = list(range(len(clusters)))
    for level in range(max(levels), 0, -1):  # L2: reverse every run at this level or above
        i = 0
        while i < len(order):
            if levels[clusters[order[i]][0]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and levels[clusters[order[j]][0]] >= level:
                j += 1
            order[i:j] = reversed(order[i:j])
            i = j
    out = Text(style=line.style, end=line.end, no_wrap=True)
    for at, k in enumerate(k for c in order for k in clusters[c]):
        ch = plain[k]
        out.append(_MIRROR.get(ch, ch) if levels[k] % 2 else ch)
        for style in styles[k]:
            out.stylize(style, at, at + 1)
    return out


def _levels(s: str, rtl: bool) -> list[int]:
    """The embedding level of each character of a paragraph of base direction ``rtl``."""
    base = 1 if rtl else 0
    types = [unicodedata.bidirectional(ch) or "ON" for ch in s]
    last = "R" if rtl else "L"
    for i, t in enumerate(types):  # W2, W3: a European number after Arabic letters is Arabic
        if t in ("L", "R", "AL"):
            last = t
        if t == "EN" and last == "AL":
            types[i] = "AN"
    types = ["R" if t == "AL" else t for t in types]
    for i in range(1, len(s) - 1):  # W4: one separator between two numbers of a kind joins them
        if types[i] in ("ES", "CS") and types[i - 1] == types[i + 1] == "EN" or (
                types[i] == "CS" and types[i - 1] == types[i + 1] == "AN"):
            types[i] = types[i - 1]
    for i, t in enumerate(types):  # W5: currency and percent signs beside a number are of it
        if t == "ET":
            j = i
            while j < len(types) and types[j] == "ET":
                j += 1
            if (i > 0 and types[i - 1] == "EN") or (j < len(types) and types[j] == "EN"):
                types[i:j] = ["EN"] * (j - i)
    last = "R" if rtl else "L"
    for i, t in enumerate(types):  # W6, W7
        if t in ("L", "R"):
            last = t
        elif t == "EN" and last == "L":
            types[i] = "L"
        elif t not in ("EN", "AN"):
            types[i] = "N"
    strong = ["R" if t in ("EN", "AN") else t for t in types]
    i = 0
    while i < len(types):  # N1, N2: neutrals between two of a direction take it, else the base's
        if types[i] != "N":
            i += 1
            continue
        j = i
        while j < len(types) and types[j] == "N":
            j += 1
        before = strong[i - 1] if i > 0 else ("R" if rtl else "L")
        after = strong[j] if j < len(types) else ("R" if rtl else "L")
        fill = before if before == after else ("R" if rtl else "L")
        types[i:j] = [fill] * (j - i)
        i = j
    levels = []
    for t in types:  # I1, I2
        if base == 0:
            levels.append(1 if t == "R" else 2 if t in ("AN", "EN") else 0)
        else:
            levels.append(2 if t in ("L", "EN", "AN") else 1)
    return levels
