"""Why each value of each event was read, and why other words and numbers were not.

A researcher cites a figure only once they can check it. :func:`explain` runs the
extraction of one report (``assemble.trace``) and says, for every event, which words
gave its type, date, place, figures and actors and by what rule; then what was set
aside: numbers that count no casualties, dates of a statement or of the past, attack
words a cue vetoes, places that are the dateline's, a reference point or elsewhere.
Offsets are in the report's own text, so the words can be shown where they stand.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import date

from .assemble import Reading, Trace, dates_a_statement, trace
from .dates import date_span
from .geo.gazetteer import Gazetteer
from .lang import get_pack
from .model import CountMention, DateMention, Event, PlaceMention, Report
from .numbers import find_numbers

__all__ = ["FIELDS", "Span", "Value", "EventExplanation", "Rejection", "Explanation", "explain"]

#: The kinds of words the text view marks, in legend order.
FIELDS = ("attack", "date", "place", "killed", "wounded", "perpetrator", "target")


@dataclass(frozen=True)
class Span:
    """Words of the report, by offsets into its text."""
    field: str  # one of FIELDS, or "set aside"
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Value:
    """One value of an event and why it was read so."""
    field: str  # type | date | place | killed | wounded | perpetrator | target
    value: str | int | None
    reason: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class EventExplanation:
    event: Event
    values: tuple[Value, ...]
    evidence: Span


@dataclass(frozen=True)
class Rejection:
    """Words that look like part of an event and are not."""
    kind: str  # number | date | attack word | place
    span: Span
    reason: str


@dataclass(frozen=True)
class Explanation:
    report: Report
    lang: str
    published: date | None
    events: list[EventExplanation]
    rejected: list[Rejection]

    def spans(self) -> list[Span]:
        """Every marked span of the text, in text order: the events' words, then what was set aside."""
        marked = [s for e in self.events for v in e.values for s in v.spans]
        marked += [r.span for r in self.rejected]
        return sorted(set(marked), key=lambda s: (s.start, -s.end, s.field))

    def to_dict(self) -> dict[str, object]:
        """Plain data for ``--format json``."""
        return {
            "report": self.report.id,
            "origin": self.report.origin,
            "lang": self.lang,
            "published": self.published.isoformat() if self.published else None,
            "text": self.report.text,
            "events": [{"event": asdict(e.event) | {"sources": list(e.event.sources)},
                        "evidence": asdict(e.evidence),
                        "values": [asdict(v) | {"spans": [asdict(s) for s in v.spans]} for v in e.values]}
                       for e in self.events],
            "rejected": [{"kind": r.kind, "reason": r.reason, **asdict(r.span)} for r in self.rejected],
        }


def explain(report: Report, *, lang: str | None = None, country: str | None = None,
            gazetteer: Gazetteer | None = None, date_order: str | None = None) -> Explanation:
    """The events of ``report`` with a reason for every value, and what was set aside."""
    found = trace(report, lang=lang, country=country, gazetteer=gazetteer, date_order=date_order)
    from_dateline = report.published is None and found.published is not None
    events = [_event(r, found, from_dateline) for r in found.readings]
    rejected = sorted(_rejected(found), key=lambda r: (r.span.start, r.kind))
    return Explanation(report, found.lang, found.published, events, rejected)


# --- the events ---------------------------------------------------------------------------

_PRECISION = {1: "the place itself", 2: "near or part of it", 3: "its province only", 4: "its country only"}
_MENTIONS = {"background": "an earlier attack, told as background (shown with --include-background)",
             "foiled": "a foiled attack (shown with --include-foiled)",
             "summary": "a total of attacks told one by one (shown with --include-summaries)"}


def _span(found: Trace, field: str, start: int, end: int) -> Span:
    """The original words behind a normalised span, with the marks that end its last word
    ("كميناً", not "كمينا")."""
    a, b = found.norm.span(start, end)
    original = found.norm.original
    while b < len(original) and (unicodedata.combining(original[b]) or original[b] == "\u0640"):
        b += 1
    return Span(field, a, b, original[a:b])


def _said(found: Trace, start: int, end: int) -> str:
    return _span(found, "", start, end).text


def _event(r: Reading, found: Trace, from_dateline: bool) -> EventExplanation:
    e = r.event
    values = [
        _type(r, found),
        _date(r, found, " (the dateline's day)" if from_dateline else ""),
        _place(r.place, found),
        _figure("killed", e.killed, r.killed, r, found),
        _figure("wounded", e.wounded, r.wounded, r, found),
        *(_actor(field, name, mention, found)
          for field, name, mention in (("perpetrator", e.perpetrator, r.perpetrator),
                                       ("target", e.target, r.target)) if name),
    ]
    if e.mention != "main":
        values.append(Value("mention", e.mention, _MENTIONS[e.mention]))
    return EventExplanation(e, tuple(values), _span(found, "evidence", *r.sentences[0]))


def _type(r: Reading, found: Trace) -> Value:
    words = [_said(found, t.start, t.end) for t in r.triggers]
    if not words:
        return Value("type", r.event.event_type, "no attack word: a toll told among words of violence")
    reason = ", ".join(f"'{w}'" for w in dict.fromkeys(words)) + f" → {r.event.event_type}"
    return Value("type", r.event.event_type, reason, tuple(_span(found, "attack", t.start, t.end) for t in r.triggers))


def _date(r: Reading, found: Trace, filed: str) -> Value:
    e, d = r.event, r.date
    if d is None:
        if e.date is None:
            return Value("date", None, "no date told, and the report has no publication date")
        return Value("date", e.date, f"no date told with the attack: the publication day {e.date}{filed} stands in")
    words = _said(found, d.start, d.end)
    spans = (_span(found, "date", d.start, d.end),)
    if d.value is None:
        return Value("date", None, f"'{words}' counts from a publication day the report does not give", spans)
    if d.basis == "relative":
        how = f"counted from the publication day {found.published.isoformat()}{filed}" if found.published else ""
        return Value("date", d.value, f"'{words}' → {_day_span(d)}, {how}".rstrip(", "), spans)
    return Value("date", d.value, f"'{words}' → {_day_span(d)}", spans)


def _day_span(d: DateMention) -> str:
    """"2019-02-27", or for a coarser date its value and the days it spans."""
    if d.precision == "day":
        return str(d.value)
    span = date_span(d.value)
    return f"{d.value} ({d.precision}: {span[0]} to {span[1]})" if span else str(d.value)


def _place(p: PlaceMention | None, found: Trace) -> Value:
    if p is None:
        return Value("place", None, "no place told with the attack")
    name = ", ".join(x for x in (p.place.name, p.place.admin1, p.place.country) if x)
    reason = f"'{_said(found, p.start, p.end)}' → {name}"
    if p.why:
        reason += f": {p.why}"
    if p.reference:
        reason += "; a reference point, as no closer place is told"
    if p in found.filed_at:
        reason += "; the dateline's place, as the report tells no other"
    if p.place.country:
        reason += f" (precision {p.geo_precision}: {_PRECISION[p.geo_precision]})"
    return Value("place", p.place.name, reason, (_span(found, "place", p.start, p.end),))


def _figure(role: str, value: int | None, mentions: tuple[CountMention, ...], r: Reading, found: Trace) -> Value:
    spans = tuple(_span(found, role, c.start, c.end) for c in mentions)
    if value is None:
        combined = [_said(found, c.start, c.end) for c in r.combined]
        if combined:
            return Value(role, None, f"told only with the other figure ('{combined[0]}'): kept in casualties_text",
                         tuple(_span(found, role, c.start, c.end) for c in r.combined))
        return Value(role, None, f"no figure of the {role} told (unknown, not zero)")
    words = [_in_context(found, c.start, c.end) for c in mentions]
    if len(mentions) > 1:
        reason = f"the groups told add up: {' + '.join(words)} = {value}"
    elif mentions:
        reason = words[0]
    else:
        reason = "no casualties, says the report"
    told = sum(c.value or 0 for c in mentions)
    if role == "killed" and r.attackers and mentions and told != value:
        attackers = _said(found, r.attackers[0].start, r.attackers[0].end)
        reason += f", less the attackers counted apart ('{attackers}') = {value}"
    if len(mentions) == 1 and mentions[0].value is None:
        reason += " (a vague amount: see the range)"
    return Value(role, value, reason, spans)


def _in_context(found: Trace, start: int, end: int, reach: int = 2) -> str:
    """The words of a figure and the words around them within their clause ("'6' in
    'killing 6 people'"): a figure's span holds the number, not its role word."""
    words = _said(found, start, end)
    a, b = next(((x.start, x.end) for x in found.clauses if x.start <= start < x.end), (start, end))
    text = found.norm.text
    before = [m.start() for m in _WORD.finditer(text, a, start)][-reach:]
    after = [m.end() for m in _WORD.finditer(text, end, b)][:reach]
    if not before and not after:
        return f"'{words}'"
    around = _said(found, before[0] if before else start, after[-1] if after else end)
    return f"'{words}' in '{around}'"


_WORD = re.compile(r"[^\s.,;:!?،؛؟]+")


def _actor(field: str, name: str, mention, found: Trace) -> Value:
    if mention is None:
        return Value(field, name, "named elsewhere in the report")
    words = _said(found, mention.start, mention.end)
    return Value(field, name, f"'{words}' → {name}", (_span(found, field, mention.start, mention.end),))


# --- what was set aside -------------------------------------------------------------------

_VETOES = {
    "accident": "an accident, not an attack",
    "negated": "denied or negated: the attack did not happen",
    "hypothetical": "a threat, a plan or a possibility, not an attack that happened",
    "aftermath": "the aftermath of an earlier attack",
    "statistics": "a war-wide statistic, not one attack",
    "foiled": "a foiled attack (listed with --include-foiled)",
}


def _rejected(found: Trace) -> list[Rejection]:
    return [*_words(found), *_dates(found), *_places(found), *_numbers(found)]


def _words(found: Trace) -> list[Rejection]:
    told = [b for r in found.readings for b in r.sentences]
    out = []
    for clause in found.clauses:
        for t in clause.triggers:
            if clause.verdict in _VETOES:
                reason = _VETOES[clause.verdict]
            elif clause.background_from is not None and t.start >= clause.background_from:
                reason = "in a clause about earlier events: background"
            elif not any(a <= t.start < b for a, b in told):
                reason = "opens no event: no figure, place or date of its own anchors it"
            else:
                continue
            out.append(Rejection("attack word", _span(found, "set aside", t.start, t.end), reason))
    return out


def _dates(found: Trace) -> list[Rejection]:
    chosen = {r.date for r in found.readings}
    told = [b for r in found.readings for b in r.sentences]
    background = set(found.background_dates)
    pack = get_pack(found.lang)
    out = []
    for d in found.dates:
        if d in chosen:
            continue
        if found.dateline is not None and d.start == found.dateline.start:
            reason = "the dateline: the day the report was filed"
        elif d in background:
            reason = "tells an earlier time, not the attack's"
        elif found.published and d.value and (span := date_span(d.value)) and span[0] > found.published:
            reason = "after the publication day"
        elif dates_a_statement(found.norm.text, d, pack):
            reason = "dates a statement, not the attack"
        elif any(a <= d.start < b for a, b in told):
            reason = "not the attack's: another date of its sentences is more precise or nearer the attack word"
        else:
            reason = "in no sentence that tells an attack"
        out.append(Rejection("date", _span(found, "set aside", d.start, d.end), reason))
    return out


def _places(found: Trace) -> list[Rejection]:
    chosen = {(r.place.start, r.place.end) for r in found.readings if r.place}
    out = []
    for p in found.filed_at:
        if (p.start, p.end) in chosen:
            continue
        out.append(Rejection("place", _span(found, "set aside", p.start, p.end),
                             "the dateline's place: where the report was filed"))
    for p in found.elsewhere:
        out.append(Rejection("place", _span(found, "set aside", p.start, p.end),
                             "where the attackers came from, the wounded were taken or a speaker is"))
    for p in found.places:
        if p.reference and (p.start, p.end) not in chosen:
            out.append(Rejection("place", _span(found, "set aside", p.start, p.end),
                                 "a reference point the attack is located from"))
    return out


def _numbers(found: Trace) -> list[Rejection]:
    used = {c for r in found.readings for c in (*r.killed, *r.wounded, *r.attackers, *r.combined)}
    told = [b for r in found.readings for b in r.sentences]
    out = []
    for c in found.counts:
        if c in used:
            continue
        clause = next((x for x in found.clauses if x.start <= c.start < x.end), None)
        if clause is not None and clause.verdict in _VETOES:
            reason = f"a toll in a clause set aside: {_VETOES[clause.verdict]}"
        elif clause is not None and clause.background_from is not None and c.start >= clause.background_from:
            reason = "a toll of earlier events: background"
        elif not any(a <= c.start < b for a, b in told):
            reason = "a toll in no sentence that tells an attack"
        else:
            reason = "a toll no event takes: another figure of the same attack is its own or the latest"
        out.append(Rejection("number", _span(found, "set aside", c.start, c.end), reason))
    taken = [(x.start, x.end) for x in (*found.counts, *found.dates, *found.places)]
    for n in find_numbers(found.norm.text, get_pack(found.lang)):
        if n.value is None or any(a < n.end and n.start < b for a, b in taken):
            continue
        out.append(Rejection("number", _span(found, "set aside", n.start, n.end),
                             "no casualty word reads it as killed or wounded"))
    return out
