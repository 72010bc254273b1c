"""Find temporal expressions in normalised report text and give them ISO values.

Each language pack's ``dates.toml`` holds the words (months, weekdays, relative
phrases, cues, negatives); this module holds the grammar that combines them and
the arithmetic that resolves them against the publication date. It is a
hand-written normaliser rather than a general date parser so that results are
fast, deterministic and never depend on today's date. The conventions (weekday
rule, day/month order, precision, Hijri variant, negatives) are in docs/dates.md.
"""
from __future__ import annotations

import math
from bisect import bisect_right
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .lang import LanguagePack
from .lexicon import alternation
from .model import DateMention

__all__ = ["date_span", "find_dates", "find_dateline", "is_background", "hijri_to_gregorian", "numeric_order",
           "posting_line"]

#: A day-month without a year may lie this far after publication (time zones, late stamps).
FUTURE_TOLERANCE = timedelta(days=3)

_GREG_YEAR = r"(?:19|20)\d\d"
_HIJRI_YEAR = r"1[3-5]\d\d"
_NEVER = "(?!)"
#: Words looked at before a mention by is_background.
_BACKGROUND_WINDOW = 6


# --------------------------------------------------------------------------- Hijri


def hijri_to_gregorian(year: int, month: int, day: int = 1) -> date:
    """Gregorian date of a day of the tabular Islamic calendar.

    The arithmetic ("civil") variant: epoch 1 Muharram 1 AH = Friday 16 July 622
    (Julian), leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29 of each 30-year
    cycle. Real (sighted or Umm al-Qura) dates can differ by a day or two.
    """
    epoch = date(622, 7, 19).toordinal()  # 16 July 622 Julian, proleptic Gregorian
    days = (day - 1 + math.ceil(29.5 * (month - 1)) + (year - 1) * 354
            + (3 + 11 * year) // 30)
    return date.fromordinal(epoch + days)


# --------------------------------------------------------------------------- helpers


def _key(text: str) -> str:
    """Lookup key of a matched word: case and spacing do not matter."""
    return "".join(text.split()).lower()


def _table(mapping: dict) -> dict:
    return {_key(k): v for k, v in mapping.items()}


def _alt(words: Iterable[str], *, capitalized: bool = False, nocase: bool = False) -> str:
    """Alternation of phrases, longest first, so that the longest form wins."""
    forms: set[str] = set()
    for w in words:
        forms.update({w[:1].upper() + w[1:], w.upper()} if capitalized else {w})
    if not forms:
        return _NEVER
    # A trie, not a flat alternation tried form by form at every character; its greedy
    # branches let the longest form win, as the flat one sorted longest first did.
    body = alternation([_spaced(f) for f in forms])
    return f"(?i:{body})" if nocase else f"(?:{body})"


def _spaced(words: str) -> str:
    """A phrase as :func:`incidents.lexicon.alternation` reads it: words apart by a space,
    but a number word by an optional one ("كانون 2" also matches "كانون2")."""
    tokens = words.split()
    return tokens[0] + "".join(("\t" if t[0].isdigit() else " ") + t for t in tokens[1:]) if tokens else ""


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _shift_month(year: int, month: int, k: int) -> tuple[int, int]:
    n = year * 12 + month - 1 + k
    return n // 12, n % 12 + 1


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class _Cand:
    """A matched expression before it is resolved against the publication date."""

    start: int
    end: int
    kind: str  # cal | rel | weekday | ago
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # a weekday named beside a calendar date
    mode: str = ""  # "", "last" or "next" (weekday and month modifiers)
    unit: str = ""  # rel/ago: day | week | month | year | weekend | hour
    amount: int = 0  # rel: offset; ago: how many units back
    hijri: bool = False
    swappable: bool = False  # day and month written as figures that read both ways (03/07/2018)


# --------------------------------------------------------------------------- grammar


class _Grammar:
    """The compiled rules of one language pack."""

    def __init__(self, pack: LanguagePack):
        d = pack.data("dates")
        g = d.get("grammar", {})
        cap = bool(d.get("names_capitalized", False))
        ci = cap  # a pack with capitalised names has case in its other words too
        self.months = _table(d.get("months", {}))
        self.hijri_months = _table(d.get("hijri_months", {}))
        self.weekdays = _table(d.get("weekdays", {}))
        self.numbers = _table(d.get("numbers", {}))
        self.relative = _table(d.get("relative", {}))
        ago = d.get("ago", {})
        self.ago_units = _table(ago.get("units", {}))
        self.need_cue = {_key(w) for w in g.get("weekdays_need_cue", [])}
        self.numeric_order = pack.data("language").get("numeric_order", "dmy")
        self.rel_not_before = {_key(w) for w in g.get("relative_not_before", [])}
        self.rel_not_after = {_key(w) for w in g.get("relative_not_after", [])}
        self.ord_not_before = {_key(w) for w in g.get("ordinal_not_before", [])}
        neg = d.get("negatives", {})
        self.named_before = {_key(w) for w in neg.get("named_before", [])}
        self.named_after = {_key(w) for w in neg.get("named_after", [])}
        self.blocked = re.compile(_alt(neg.get("blocked", []), nocase=True))
        self.background = re.compile(
            r"(?<!\w)" + _alt(d.get("background", {}).get("cues", []), nocase=True) + r"(?!\w)")
        self.year_event = re.compile(
            r"\s+" + _alt(g.get("year_event_nouns", []), nocase=True) + r"(?!\w)")
        self.clitics = "".join(d.get("clitics", []))
        self.ordinals = self._ordinals(d.get("ordinals", {}))
        self.ordinal_values = _table(self.ordinals)

        cl = re.escape(self.clitics)
        ac = "".join(re.escape(c) for c in d.get("article_clitics", []))
        art = re.escape(d.get("article", ""))
        if cl and ac and art:
            pre = rf"(?<!\w)(?:[{cl}]?[{ac}](?={art})|[{cl}])?"
        elif cl:
            pre = rf"(?<!\w)[{cl}]?"
        else:
            pre = r"(?<!\w)"
        clp = f"[{cl}]?" if cl else ""
        year_pre = rf"(?<!\w){clp}[{ac}]?" if ac else rf"(?<!\w){clp}"
        end = r"(?!\w)"

        def words(section: str) -> list[str]:
            return list(d.get(section, {}))

        def month_group(name: str) -> str:
            # "Mar. 6": a dot after a name only when a number follows
            return rf"(?P<{name}>{_alt(words('months'), capitalized=cap)})(?!\w)(?:\.(?=\s*\d))?"

        monthx = rf"{month_group('m')}(?:\s*[/(]\s*{month_group('m2')}(?:\s*\))?)?"
        hmonth = rf"(?P<hm>{_alt(words('hijri_months'))})(?!\w)"
        wd = rf"(?P<wd>{_alt(words('weekdays'), capitalized=cap)})(?!\w)"
        gsuf = _alt(g.get("gregorian_suffixes", []))
        year = rf"(?P<y>{_GREG_YEAR})(?:\s?{gsuf})?(?!\w)"
        hsuf = _alt(g.get("hijri_suffixes", []))
        ords = _alt(self.ordinals) if self.ordinals else _NEVER
        suffix = _alt(d.get("ordinal_suffixes", []), nocase=True)
        day = rf"(?P<d>[0-3]?\d(?:{suffix})?(?!\w)|{ords}(?!\w))"
        dn = _alt(g.get("day_nouns", []), nocase=ci)
        mn = _alt(g.get("month_nouns", []), nocase=ci)
        yn = _alt(g.get("year_nouns", []), nocase=ci)
        dmb = _alt(g.get("day_month_bridges", []), nocase=ci)
        myb = _alt(g.get("month_year_bridges", []), nocase=ci)
        ybridge = rf"(?:\s*[,،]\s*|\s+(?:{myb}\s+)?)"
        leads = _alt(g.get("date_leads", []), nocase=ci)
        rel_all = _alt(self._relative_words(d), nocase=ci)
        rel_day = _alt(self._relative_words(d, day=True), nocase=ci)
        rel_other = _alt(self._relative_words(d, day=False), nocase=ci)
        todb = _alt(g.get("times_of_day_before", []), nocase=ci)
        toda = _alt(g.get("times_of_day_after", []), nocase=ci)
        lb = _alt(g.get("last_before", []), nocase=ci)
        nb = _alt(g.get("next_before", []), nocase=ci)
        la = _alt(g.get("last_after", []), nocase=ci)
        na = _alt(g.get("next_after", []), nocase=ci)
        ta = _alt(g.get("this_after", []), nocase=ci)
        mcues = _alt(g.get("month_cues", []), nocase=ci)
        ycues = _alt(g.get("year_cues", []), nocase=ci)
        poss = "(?:'s)?" if ci else ""
        # A weekday (or "today Sunday") standing before the date it names.
        lead = (rf"(?:(?:(?:{dn}|{rel_all})\s+)?{wd}{poss}\s*[,،]?\s*(?:{leads}\s+)?"
                rf"|{dn}\s+)?")
        num_end = r"(?![\w]|[./:-]\d)"

        rules: list[tuple[str, Callable[[re.Match, str], _Cand | None]]] = [
            (rf"{pre}(?P<s>{lead}{day}\s+(?:{dmb}\s+)?(?:{mn}\s+)?{monthx}(?:{ybridge}{year})?){end}",
             self._calendar),
            (rf"{pre}(?P<s>(?:{mn}\s+)?{monthx}{ybridge}{year})", self._calendar),
            (rf"(?:(?<!\w){clp}(?P<cue>{mcues})(?:\s+|-)|{pre})"
             rf"(?P<s>(?:(?P<lb>{lb})\s+|(?P<nb>{nb})\s+)?(?P<mn>{mn}\s+)?{monthx}"
             rf"(?:\s+(?:(?P<la>{la})|(?P<na>{na})|(?P<ta>{ta})))?){end}",
             self._month_only),
            (rf"{pre}(?P<s>{lead}(?<![\d./:-])(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)"
             rf"(?P<y>{_GREG_YEAR})(?:\s?{gsuf})?){num_end}", self._numeric),
            (rf"{pre}(?P<s>{lead}(?<![\d./:-])(?P<y>{_GREG_YEAR})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)"
             rf"(?P<a>\d{{1,2}})){num_end}", self._numeric),
            (rf"{year_pre}(?P<s>{yn}\s+{year})", self._year),
            (rf"(?<!\w){clp}{ycues}(?:\s+|-)(?P<s>{year})", self._year),
            (rf"(?<!\w)(?P<s>(?P<y>{_GREG_YEAR})\s?{gsuf}){end}", self._year),
            (rf"{pre}(?P<s>(?:(?P<tod>{todb})\s+)?(?:(?P<dn>{dn})\s+)?"
             rf"(?:(?P<lb>{lb})\s+|(?P<nb>{nb})\s+)?{wd}(?:\s+{toda})?(?:\s+(?:(?P<la>{la})|(?P<na>{na})))?){poss}{end}", self._weekday),
            (rf"{pre}(?P<s>(?:{todb}(?:\s+{dn})?\s+|{dn}\s+)?(?P<r>{rel_day})(?:\s+{toda})?"
             rf"(?:\s*[,،]?\s*{wd})?){poss}{end}", self._relative),
            (rf"{pre}(?P<s>(?P<r>{rel_other})){poss}{end}", self._relative),
            (rf"(?<!\w)(?i:the)\s+(?P<s>{year})(?={self.year_event.pattern})", self._year),
        ]
        if d.get("month_before_day"):
            rules.append((rf"{pre}(?P<s>{lead}{monthx}\s+{day}(?![\d]|[:.,]\d)(?:\s*,?\s*{year})?)",
                          self._calendar))
        if self.hijri_months:
            rules.append((rf"{pre}(?P<s>(?:{day}\s+(?:{dmb}\s+)?(?:{mn}\s+)?)?{hmonth}\s+"
                          rf"(?:{myb}\s+)?(?P<hy>{_HIJRI_YEAR})(?:\s*{hsuf})?){end}", self._hijri))
            rules.append((rf"{pre}(?P<s>(?:{yn}\s+)?(?P<hy>{_HIJRI_YEAR})\s*{hsuf}){end}", self._hijri))
        units = _alt(ago.get("units", {}), nocase=ci)
        nums = _alt(d.get("numbers", {}), nocase=ci)
        if ago.get("after"):
            vague = _alt(ago.get("vague", []), nocase=ci)
            rules.append((rf"(?<!\w)(?P<s>(?:(?P<n>\d{{1,3}})|(?P<nw>{nums})|(?P<vg>{vague}))\s+"
                          rf"(?P<u>{units})\s+{_alt(ago['after'], nocase=ci)}){end}", self._ago))
        if ago.get("before"):
            stop = _alt(list(ago.get("not_followed_by", [])), nocase=ci)
            names = _alt([*words("months"), *words("hijri_months"),
                          *words("weekdays"), *self._relative_words(d)])
            rules.append((rf"{pre}(?P<s>{_alt(ago['before'], nocase=ci)}\s+"
                          rf"(?:(?:(?P<n>\d{{1,3}})|(?P<nw>{nums}))\s+)?(?P<u>{units})){end}"
                          rf"(?!\s+(?:{stop}|{names})(?!\w))(?!\s*\d)", self._ago))
        self.rules = [(re.compile(p), f) for p, f in rules]

    # -- data helpers

    @staticmethod
    def _relative_words(d: dict, day: bool | None = None) -> list[str]:
        rel = d.get("relative", {})
        return [w for w, (unit, _) in rel.items() if day is None or (unit == "day") == day]

    @staticmethod
    def _ordinals(o: dict) -> dict[str, int]:
        """Ordinal day words 1-31 composed from units, the teen word and tens."""
        units = o.get("units", {})
        tens = o.get("tens", {})
        teen = o.get("teen", "")
        joiner = o.get("joiner", "")
        out: dict[str, int] = {}
        for w, v in units.items():
            out[w] = v
            if teen and v < 10:
                out[f"{w} {teen}"] = 10 + v
            for t, tv in tens.items():
                if v < 10 and tv + v <= 31:
                    out[f"{w} {joiner}{t}"] = tv + v
        for t, tv in tens.items():
            out[t] = tv
        return out

    # -- rule builders: each turns a match into a candidate, or rejects it

    def _day(self, text: str) -> int | None:
        k = _key(text)
        if k in self.ordinal_values:
            return self.ordinal_values[k]
        digits = re.match(r"\d+", k)
        return int(digits.group()) if digits else None

    def _month(self, m: re.Match) -> int:
        return self.months[_key(m.group("m"))]

    def _weekday_of(self, m: re.Match) -> int | None:
        wd = m.groupdict().get("wd")
        return self.weekdays[_key(wd)] if wd else None

    def _calendar(self, m: re.Match, text: str) -> _Cand | None:
        month = self._month(m)
        gd = m.groupdict()
        day = self._day(gd["d"]) if gd.get("d") else None
        year = int(gd["y"]) if gd.get("y") else None
        if day is not None:
            if not 1 <= day <= 31 or not _valid(year or 2000, month, day):
                return None
            in_words = not gd["d"][:1].isdigit()
            if in_words and _key(_word_before(text, m.start("d"))) in self.ord_not_before:
                return None
        return _Cand(m.start("s"), m.end("s"), "cal", year, month, day, self._weekday_of(m))

    def _month_only(self, m: re.Match, text: str) -> _Cand | None:
        gd = m.groupdict()
        if not any(gd.get(k) for k in ("cue", "lb", "nb", "la", "na", "ta", "mn", "m2")):
            return None
        mode = "last" if gd.get("lb") or gd.get("la") else "next" if gd.get("nb") or gd.get("na") else ""
        return _Cand(m.start("s"), m.end("s"), "cal", None, self._month(m), mode=mode)

    def _numeric(self, m: re.Match, text: str) -> _Cand | None:
        y, a, b = int(m.group("y")), int(m.group("a")), int(m.group("b"))
        day, month = a, b
        leading = m.start("a") < m.start("y")
        if not _valid(y, month, day) and leading:
            day, month = b, a  # "3/16/2019": only the US order makes sense
        if not _valid(y, month, day):
            return None  # "2019-02-30", "31/31/2019": no day at all
        both = leading and a != b and _valid(y, a, b) and _valid(y, b, a)
        return _Cand(m.start("s"), m.end("s"), "cal", y, month, day, self._weekday_of(m), swappable=both)

    def _year(self, m: re.Match, text: str) -> _Cand | None:
        return _Cand(m.start("s"), m.end("s"), "cal", int(m.group("y")))

    def _hijri(self, m: re.Match, text: str) -> _Cand | None:
        gd = m.groupdict()
        month = self.hijri_months[_key(gd["hm"])] if gd.get("hm") else None
        day = self._day(gd["d"]) if gd.get("d") else None
        if day is not None and not 1 <= day <= 30:
            return None
        return _Cand(m.start("s"), m.end("s"), "cal", int(gd["hy"]), month, day, hijri=True)

    def _weekday(self, m: re.Match, text: str) -> _Cand | None:
        gd = m.groupdict()
        cued = any(gd.get(k) for k in ("tod", "dn", "la", "na", "lb", "nb"))
        if _key(gd["wd"]) in self.need_cue and not cued:
            return None
        mode = "last" if gd.get("lb") or gd.get("la") else "next" if gd.get("nb") or gd.get("na") else ""
        return _Cand(m.start("s"), m.end("s"), "weekday", weekday=self._weekday_of(m), mode=mode)

    def _relative(self, m: re.Match, text: str) -> _Cand | None:
        if (_key(_word_before(text, m.start("s"))) in self.rel_not_before
                or _key(_word_after(text, m.end("s"))) in self.rel_not_after):
            return None
        unit, offset = self.relative[_key(m.group("r"))]
        return _Cand(m.start("s"), m.end("s"), "rel", unit=unit, amount=offset)

    def _ago(self, m: re.Match, text: str) -> _Cand | None:
        gd = m.groupdict()
        unit, implied = self.ago_units[_key(gd["u"])]
        if gd.get("n"):
            n = int(gd["n"])
        elif gd.get("nw"):
            n = self.numbers[_key(gd["nw"])]
        elif unit == "hour":
            n = implied  # "hours ago", "قبل ساعات": earlier the same day
        elif implied and not gd.get("vg"):
            n = implied
        else:
            return None  # "a few days ago" names no day
        if unit == "hour":
            unit, n = "day", n // 24
        return _Cand(m.start("s"), m.end("s"), "ago", unit=unit, amount=n)

    # -- negatives

    def is_named(self, c: _Cand, text: str) -> bool:
        """A day and month used as a name ("حي 17 تموز", "Sept. 11 attacks")."""
        if c.kind != "cal" or c.hijri or c.day is None or c.month is None:
            return False
        before = _key(_word_before(text, c.start))
        if before in self.named_before or (
                before[:1] in self.clitics and before[1:] in self.named_before):
            return True
        return _key(_word_after(text, c.end)) in self.named_after


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"(\w+)\W*$", text[max(0, pos - 40):pos])
    return m.group(1) if m else ""


def _word_after(text: str, pos: int) -> str:
    m = re.match(r"\W*?(\w+)", text[pos:pos + 40])
    return m.group(1) if m else ""


_GRAMMARS: dict[str, _Grammar] = {}


def _grammar(pack: LanguagePack) -> _Grammar:
    if pack.code not in _GRAMMARS:
        _GRAMMARS[pack.code] = _Grammar(pack)
    return _GRAMMARS[pack.code]


# --------------------------------------------------------------------------- resolution


def _infer_year(month: int, day: int, published: date, weekday: int | None) -> date | None:
    """The most recent day-month not after publication (plus tolerance).

    A weekday written beside it ("Sunday, March 4") picks, within about a year,
    the occurrence that falls on that weekday.
    """
    limit = published + FUTURE_TOLERANCE
    options = [date(y, month, day) for y in range(published.year + 1, published.year - 8, -1)
               if _valid(y, month, day) and date(y, month, day) <= limit]
    if weekday is not None:
        for d in options:
            if d.weekday() == weekday and (published - d).days < 400:
                return d
    return options[0] if options else None


def _resolve(c: _Cand, pub: date | None, year_reference: date | None = None) -> tuple[str | None, str, str]:
    """(value, precision, basis) of a candidate; without ``pub``, ``year_reference`` (the
    last day a posting line names) gives a calendar date its year, and nothing else."""
    if c.kind == "cal":
        return (*_resolve_calendar(c, pub or year_reference), "explicit")
    precision = "day" if c.kind == "weekday" else "week" if c.unit == "weekend" else c.unit
    if pub is None:
        return None, precision, "relative"
    if c.kind == "weekday":
        back = (pub.weekday() - c.weekday) % 7
        if c.mode == "last":
            back = back or 7
        elif c.mode == "next":
            back = -((c.weekday - pub.weekday()) % 7 or 7)
        return (pub - timedelta(days=back)).isoformat(), "day", "relative"
    step = c.amount if c.kind == "rel" else -c.amount
    if c.unit == "day":
        return (pub + timedelta(days=step)).isoformat(), "day", "relative"
    if c.unit == "week":
        return _iso_week(pub + timedelta(weeks=step)), "week", "relative"
    if c.unit == "month":
        y, m = _shift_month(pub.year, pub.month, step)
        return f"{y:04d}-{m:02d}", "month", "relative"
    if c.unit == "year":
        return str(pub.year + step), "year", "relative"
    # weekend: the Saturday of the most recent weekend (or of the one before)
    base = pub if step == 0 else pub - timedelta(days=2)
    saturday = base - timedelta(days=(base.weekday() - 5) % 7)
    return _iso_week(saturday), "week", "relative"


def _resolve_calendar(c: _Cand, pub: date | None) -> tuple[str | None, str]:
    if c.hijri:
        if c.month is None:  # a Hijri year: the Gregorian year around its middle (1 Rajab)
            return str(hijri_to_gregorian(c.year, 7, 1).year), "year"
        if c.day is None:  # a Hijri month: the Gregorian month holding its 15th day
            mid = hijri_to_gregorian(c.year, c.month, 15)
            return f"{mid.year:04d}-{mid.month:02d}", "month"
        return hijri_to_gregorian(c.year, c.month, c.day).isoformat(), "day"
    if c.month is None:
        return str(c.year), "year"
    if c.day is None:
        year = c.year
        if year is None and pub is not None:
            if c.mode == "last":
                year = pub.year if c.month < pub.month else pub.year - 1
            elif c.mode == "next":
                year = pub.year if c.month > pub.month else pub.year + 1
            else:
                year = pub.year if c.month <= pub.month else pub.year - 1
        return (f"{year:04d}-{c.month:02d}" if year is not None else None), "month"
    if c.year is not None:
        return date(c.year, c.month, c.day).isoformat(), "day"
    if pub is None:
        return None, "day"
    d = _infer_year(c.month, c.day, pub, c.weekday)
    return (d.isoformat() if d else None), "day"


# --------------------------------------------------------------------------- API


def date_span(value: str | None) -> tuple[date, date] | None:
    """First and last day a reduced ISO date covers ("2021-01" → Jan 1..31); None if unknown."""
    if not value:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return day, day
        if len(value) == 8 and value[4:6] == "-W":
            monday = date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
            return monday, monday + timedelta(days=6)
        if len(value) == 7:
            first = date(int(value[:4]), int(value[5:]), 1)
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, following - timedelta(days=1)
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        return None
    return None


_YEARLIKE = re.compile(r"[^\S\n]*[,،]?[^\S\n]*\d{4}(?!\d)")
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(?:\d{4}|\d{2})(?!\d)")


def numeric_order(text: str) -> str | None:
    """How ``text`` writes numeric dates: "dmy", "mdy", or None when it does not tell.

    Only dates that read one way vote (13/03/2018 for "dmy", 03/13/2018 for "mdy"),
    and one order must have four votes for each of the other's, so that a stray
    misprint does not turn every ambiguous date of a source around.
    """
    dmy = mdy = 0
    for m in _NUMERIC_DATE.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        if 12 < a <= 31 and 1 <= b <= 12:
            dmy += 1
        elif 12 < b <= 31 and 1 <= a <= 12:
            mdy += 1
    if mdy > 4 * dmy:
        return "mdy"
    if dmy > 4 * mdy:
        return "dmy"
    return None


def find_dates(text: str, pack: LanguagePack, published: date | None,
               order: str | None = None, year_reference: date | None = None) -> list[DateMention]:
    """Every temporal expression in normalised ``text``, in text order, non-overlapping.

    Relative expressions are resolved against ``published``; without it their
    value is None (today's date is never used). ``order`` ("dmy" or "mdy") reads
    numeric dates that fit both ways; by default the text's own unambiguous
    numeric dates decide, then the pack's ``numeric_order`` (day first).
    """
    g = _grammar(pack)
    cands = []
    for regex, build in g.rules:
        for m in regex.finditer(text):
            c = build(m, text)
            if c is not None:
                cands.append(c)
    # A year the pattern cannot read ("14 March 0000", "14 March 9999") leaves a day and
    # month the writer placed in another year: no date rather than this year's. A year past
    # the one after publication dates no attack either ("the 2030 plan").
    cands = [c for c in cands if not (c.kind == "cal" and c.year is None and c.month is not None
                                      and _YEARLIKE.match(text, c.end))
             and not (c.year is not None and published is not None and not c.hijri
                      and c.year > published.year + 1)]
    if any(c.swappable for c in cands):
        if (order or numeric_order(text) or g.numeric_order) == "mdy":
            cands = [replace(c, month=c.day, day=c.month) if c.swappable else c for c in cands]
    # the longest expression wins; ties go to the earlier one
    cands.sort(key=lambda c: (c.start - c.end, c.start))
    taken: list[_Cand] = []
    starts: list[int] = []  # of ``taken``, sorted: the taken spans do not overlap
    for c in cands:
        # Only the taken spans on either side of c's start can overlap it.
        i = bisect_right(starts, c.start)
        if (i and taken[i - 1].end > c.start) or (i < len(taken) and taken[i].start < c.end):
            continue
        starts.insert(i, c.start)
        taken.insert(i, c)
    blocked = [(m.start(), m.end()) for m in g.blocked.finditer(text)]
    out = []
    for c in sorted(taken, key=lambda c: c.start):
        if g.is_named(c, text) or any(c.start < e and s < c.end for s, e in blocked):
            continue
        value, precision, basis = _resolve(c, published, year_reference)
        out.append(DateMention(c.start, c.end, text[c.start:c.end], value, precision, basis))
    return out


_DATELINE_TAIL = re.compile(r"\s*(?:\([^()\n]{1,40}\)\s*)?[-/:]")
_DATELINE_HEAD = re.compile(r"\s*(?P<words>[^\W\d][\w'.]*(?:[\s,/-]+[^\W\d][\w'.]*)*)[\s,/-]*")


def _dateline_head(head: str, capitalized: bool) -> bool:
    """A place before the date: a few words, every one capitalised where the script has case."""
    m = _DATELINE_HEAD.fullmatch(head)
    if not m:
        return False
    words = re.findall(r"[^\W\d][\w'.]*", m.group("words"))
    if capitalized:
        return len(words) <= 6 and all(w[0].isupper() for w in words)
    return len(words) <= 3


def find_dateline(text: str, pack: LanguagePack, published: date | None,
                  order: str | None = None) -> DateMention | None:
    """The date of a dateline opening the report ("BAGHDAD, March 6 (Reuters) -").

    Looked for at the start of each of the first three non-empty lines, so that
    a title line above the dateline does not hide it.
    """
    capitalized = bool(pack.data("dates").get("names_capitalized"))
    starts = [m.start() for m in re.finditer(r"(?m)^(?=[^\S\n]*\S)", text)][:3]
    mentions = find_dates(text[:max(starts, default=0) + 200], pack, published, order)
    for line_start in starts:
        for dm in mentions:
            if dm.start < line_start:
                continue
            if (_dateline_head(text[line_start:dm.start], capitalized)
                    and _DATELINE_TAIL.match(text, dm.end)):
                return dm
            break
    return None


def posting_line(text: str, pack: LanguagePack, order: str | None = None) -> DateMention | None:
    """The date of a short first line that only dates the text ("Posted: March 2019",
    "Updated 4 June 2021"): a page's posting line, when the report has no publication date.
    It names the year that day-month dates without one belong to; no attack is dated by it."""
    first = next((m for m in re.finditer(r"[^\n]*\S[^\n]*", text)), None)
    if first is None or len(first.group().strip()) > _POSTING_LINE:
        return None
    found = [d for d in find_dates(text[:first.end()], pack, None, order)
             if d.basis == "explicit" and d.precision in ("day", "month") and d.value and d.start >= first.start()]
    if len(found) != 1:
        return None
    label = (text[first.start():found[0].start] + text[found[0].end:first.end()]).split()
    return found[0] if len(label) <= 2 else None


#: The longest first line read as a posting line.
_POSTING_LINE = 40


def is_background(text: str, mention: DateMention, pack: LanguagePack) -> bool:
    """Whether an explicit date reads as a historical reference rather than the news.

    True after a cue such as "since"/"منذ" a few words before it (same sentence),
    or for a year naming an attack ("the 2015 massacre"). Relative expressions
    are never background: "since yesterday" still points at the news.
    """
    if mention.basis != "explicit":
        return False
    g = _grammar(pack)
    sentence = re.split(r"[.!?؟\n]", text[max(0, mention.start - 200):mention.start])[-1]
    window = " ".join(sentence.split()[-_BACKGROUND_WINDOW:])
    if g.background.search(window):
        return True
    return mention.precision == "year" and bool(g.year_event.match(text, mention.end))
