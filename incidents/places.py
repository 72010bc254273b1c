"""Find the places a report names and resolve each to a gazetteer entry.

The work is in three steps:

1. candidates: runs of words that could be a name (capitalised words in English;
   any words in Arabic, with proclitics such as و، ب، ل stripped), looked up in
   one batch;
2. evidence: what stands around each candidate (a preposition, a place-type word
   such as "province" or قضاء, a relative phrase such as "40 km south of" or خارج,
   a title that marks a person) decides whether it is a place at all;
3. resolution (:func:`resolve`): one function sees every candidate of the text, so
   a country or governorate named anywhere in the report helps choose among places
   that share a name.

Word lists (prepositions, type words, relative phrases, stoplists) come from the
language pack's ``places.toml``; only the few words that shape the grammar of a
name are kept here (the "al" and "of" inside English names, "between ... and").
"""
from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .geo.gazetteer import ARABIC_NAMED, ARABIC_SPEAKING, Entry, Gazetteer, get_gazetteer, is_arabic, name_key
from .actors import find_national_forces
from .lang import LanguagePack
from .model import Place, PlaceMention

__all__ = ["find_places", "resolve", "placed_at", "Candidate"]

# Which entry kinds a place-type word asks for.
_WANT = {
    "city": {"city", "district"},
    "district": {"district", "admin2", "admin3"},
    "admin1": {"admin1"},
    "admin2": {"admin2", "admin3"},
    "admin3": {"admin3", "admin2"},
    "region": {"region", "admin1"},
    "country": {"country"},
}
_ADMIN = {"admin1", "admin2", "admin3"}
_DISTRICTS = ("admin2", "admin3")
_EN_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['\-][^\W\d_]+)*(?:'s)?|\d+")
_EN_ARTICLE = re.compile(r"^(?:(?:al|el|ad|an|ar|as|ash|at|az|ad|ed|en|es|ez|ul)-|d')[A-Z]")
_EN_CONNECTORS = frozenset("al el of de del la le bin ibn bint abu ad ar as ash an at az ez es ed wa and du des"
                           " do da dos das los las".split())
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"\n(\[]|--)\s*$")
_AR_TOKEN = re.compile(r"\w+")
_AR_NEXT_WORD = re.compile(r"\s+(\w+)")
_BETWEEN = re.compile(r"(?:between|بين)\s+(?:\S+\s+)?$", re.IGNORECASE)
_AND_GAP = re.compile(r"^\s*(?:and\s+|و\s*|,\s*)$")
_WORD = re.compile(r"[^\W\d_]+")
#: An adjective compound ("State-held", "Kurdish-controlled"): no part of a name.
_COMPOUND = re.compile(r"-[a-z]")
#: Between the places of a chain that nest ("Afghanistan's Helmand", "Helmand province, Afghanistan").
_CHAIN_GAP = re.compile(r"'s\s+|\s*(?:[a-z]+\s*)?[,،]\s*|\s+")


@dataclass
class Candidate:
    """A run of words that names at least one gazetteer entry, with what surrounds it."""

    start: int
    end: int
    ntok: int
    entries: list[Entry]
    evidence: float = 0.0  # from the words around it, before the text's context is known
    want: str | None = None  # kind asked for by a type word ("" any kind, None no type word)
    blocked: bool = False  # an ordinary word that needs a type word to count
    needs_prep: bool = False  # a common capitalised word that needs a preposition or type word
    has_prep: bool = False
    rel_start: int | None = None  # start of a relative phrase ("40 km south of") ending at the name
    country_pref: str = ""  # country named by an adjective right after ("خيبر الباكستاني")
    spelling: str = ""  # the name as written, for entries whose own name it is (see _spelling)
    possessive_run: bool = False  # "Saint Mark's Coptic Cathedral": likely part of a longer name
    partial: bool = False  # a part of a longer run of name words ("Cabo" of "Cabo Delgado")
    place_word: bool = False  # a preposition or phrase of place as a word of its own (not ب joined)
    zipf: float = 0.0  # how common the name is as a word of the language (one-word names)
    variant: bool = False  # found by another spelling of the word ("بشاور" for بيشاور)
    qualifier: bool = False  # a country's name qualifying a noun ("the U.S. Embassy"): focus, no place
    between: bool = False  # "the road between X and Y"
    chosen: Entry | None = field(default=None, repr=False)
    confidence: float = 0.0  # evidence with prominence and context, once resolved


class _Lexicon:
    """The compiled contents of a pack's places.toml."""

    def __init__(self, pack: LanguagePack):
        d = pack.data("places")
        self.arabic = pack.data("language").get("place_names") == "arabic"
        low = (lambda xs: {x.lower() for x in xs})
        self.preps = low(d.get("prepositions", []))
        self.type_before = {k.lower(): v for k, v in d.get("type_before", {}).items()}
        self.type_after = {k.lower(): v for k, v in d.get("type_after", {}).items()}
        rel = d.get("relative_before", [])
        self.relative = re.compile("(?:" + "|".join(f"(?:{r})" for r in rel) + r")$", re.IGNORECASE) if rel else None
        self.common = low(d.get("common_words", []))
        self.titles = low(d.get("titles", []))
        self.speech = low(d.get("speech_verbs", []))
        self.org_after = low(d.get("org_after", []))
        self.not_names = {name_key(w) for w in d.get("not_names", [])}
        self.abbreviations = set(d.get("abbreviations", []))
        self.function_words = low(d.get("function_words", []))
        self.articles = low(d.get("articles", []))
        self.name_suffixes = low(d.get("name_suffixes", []))
        self.name_words = low(d.get("name_words", []))
        self.adjectives = dict(d.get("adjectives", {}))
        self.person_before = set(d.get("person_before", []))
        self.org_before = set(d.get("org_before", []))
        # a place-type word is never a name by itself ("مدينة", "بلدة")
        self.stop = {name_key(w) for w in [*d.get("stoplist", []), *(d.get("type_before", {}) if self.arabic else [])]}
        self.conj = tuple(d.get("conjunctions", []))
        self.procl = tuple(d.get("proclitic_prepositions", []))
        self.evid_procl = set(d.get("evidence_proclitics", []))
        # type phrases of several words ("town of") are matched on the text before a name
        self.type_phrases = sorted(self.type_before, key=len, reverse=True)
        self.event_after = low(d.get("event_after", []))
        self.settlements = low(d.get("settlement_words", []))
        app = d.get("appositive")
        words = "|".join(re.escape(w) for w in sorted(self.settlements, key=len, reverse=True))
        self.appositive = re.compile(f"{app}(?:{words})\\b") if app and words else None
        self.within = re.compile(d["within"], re.IGNORECASE) if d.get("within") else None
        self.locative = low(d.get("locative", []))
        self.parts = low(d.get("parts_of_town", []))
        parts = "|".join(re.escape(w) for w in sorted(self.parts, key=len, reverse=True))
        # between a part and its town: " area of ", " district of the "
        self.part_of = re.compile(rf"\s+(?:{parts})\s+of\s+(?:the\s+)?", re.IGNORECASE) if parts else None
        self.country_nouns = low(d.get("country_nouns", []))
        # what may stand between a name and its country: the rest of a name the gazetteer
        # lacks, and a place-type word ("Santiago province, Chile")
        kinds = "|".join(re.escape(w) for w in sorted(self.type_after, key=len, reverse=True))
        self.apposition = re.compile(r"(?:\s+[A-Z][\w'-]*){0,2}" + (rf"(?:\s+(?:{kinds}))?" if kinds else "")
                                     + r"\s*,\s*")
        self.capital = re.compile(d["capital"]) if d.get("capital") else None
        self.zipf = pack.data("frequency").get("zipf", {})
        self.frequent = float(d.get("frequent_zipf", 99.0))


@lru_cache(maxsize=8)
def _lexicon(pack: LanguagePack) -> _Lexicon:
    return _Lexicon(pack)


def find_places(text: str, pack: LanguagePack, gazetteer: Gazetteer | None = None, *,
                country_hint: str | None = None) -> list[PlaceMention]:
    """Places named in ``text`` (already normalised), in text order, without overlaps."""
    gaz = gazetteer or get_gazetteer()
    lex = _lexicon(pack)
    if lex.arabic:
        # Arabic news is mostly about the Arab world: a slight preference for places there
        found = resolve(text, _arabic_candidates(text, lex, gaz), country_hint=country_hint, prefer=ARABIC_NAMED,
                        nationalities=_nationalities(text, lex, pack))
        return _capitals(text, lex, gaz, _without_contradicted(text, lex, found))
    toks = _en_tokens(text, lex)
    runs = _en_runs(text, toks)
    found = resolve(text, _english_candidates(text, toks, runs, lex, gaz), country_hint=country_hint,
                    nationalities=_nationalities(text, lex, pack))
    found = _english_apposition([_region_of(m, gaz) for m in found], text, lex)
    found = _parts_of_towns(found, text, lex)
    found = _capital_qualifiers(found, text, gaz)
    return _capitals(text, lex, gaz, _described_places(text, toks, runs, lex, gaz, found))


_BRACKET_OPEN = re.compile(r"\s*\(\s*")
_BRACKET_CLOSE = re.compile(r"\s*\)")


def _capital_qualifiers(found: list[PlaceMention], text: str, gaz: Gazetteer) -> list[PlaceMention]:
    """A capital in brackets right after a country's name tells which country of that
    name is meant ("Congo (Kinshasa)", "Congo (Brazzaville)"): it is no place of its own,
    and the country is the capital's."""
    out: list[PlaceMention] = []
    skip = -1
    for n, m in enumerate(found):
        if n == skip:
            continue
        q = found[n + 1] if n + 1 < len(found) else None
        if (q is not None and m.place.kind == "country" and q.place.country
                and _BRACKET_OPEN.fullmatch(text, m.end, q.start) and _BRACKET_CLOSE.match(text, q.end)):
            capital = gaz.capital(q.place.country)
            country = gaz.country(q.place.country)
            if capital is not None and country is not None and capital.place.name == q.place.name:
                skip = n + 1
                m = replace(m, place=country, why=f"the country whose capital {q.text} is")
        out.append(m)
    return out


def _nationalities(text: str, lex: _Lexicon, pack: LanguagePack) -> set[str]:
    """The countries the report's nationality adjectives name ("Iraqi troops", "الجيش
    السوري") and its national forces ("الحشد الشعبي"): part of its focus."""
    found = {f.name for f in find_national_forces(text, pack)}
    if not lex.adjectives:
        return found
    if lex.arabic:
        words = (_strip_conj(w, lex) for w in _AR_TOKEN.findall(text))
    else:
        words = (w.lower() for w in _CAPITALISED.findall(text))
    return found | {lex.adjectives[w] for w in words if w in lex.adjectives}


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_NAMED_AFTER = 4  # characters: ", Kabul" and " صنعاء" name the capital themselves


def _capitals(text: str, lex: _Lexicon, gaz: Gazetteer, found: list[PlaceMention]) -> list[PlaceMention]:
    """Add "the Somali capital", "العاصمة العراقية": the capital of the country the
    nationality adjective names, unless a place is already read there."""
    if lex.capital is None:
        return found
    out = list(found)
    near = _Spans(found)
    for m in lex.capital.finditer(text):
        code = lex.adjectives.get(m.group("adj").lower())
        entry = gaz.capital(code) if code else None
        if entry is None or near.overlapping(m.start(), m.end() + _NAMED_AFTER):
            continue  # a place read there, or the capital named right after ("العاصمة اليمنية صنعاء")
        out.append(PlaceMention(m.start(), m.end(), m.group(), entry.place, entry.precision,
                                why=f"the capital of the country '{m.group('adj')}' names"))
    return sorted(out, key=lambda f: f.start)


class _Spans:
    """Mentions in text order, indexed by start, so that what overlaps a span or follows
    a position is found by bisection instead of a scan of every mention of the report
    (quadratic on long reports). Mentions may be removed; none are added."""

    def __init__(self, found: list[PlaceMention]) -> None:
        self.items = sorted(found, key=lambda m: m.start)
        self.starts = [m.start for m in self.items]
        self.longest = max((m.end - m.start for m in found), default=0)

    def overlapping(self, a: int, b: int) -> list[PlaceMention]:
        """The mentions that overlap ``[a, b)``, in text order."""
        lo = bisect_left(self.starts, a - self.longest)
        hi = bisect_left(self.starts, b)
        return [m for m in self.items[lo:hi] if m.start < b and a < m.end]

    def after(self, at: int) -> Iterator[PlaceMention]:
        """The mentions that start at ``at`` or after, in text order."""
        items = self.items
        return (items[k] for k in range(bisect_left(self.starts, at), len(items)))

    def remove(self, m: PlaceMention) -> None:
        i = bisect_left(self.starts, m.start)
        while self.items[i] != m:
            i += 1
        del self.items[i], self.starts[i]


def _english_apposition(found: list[PlaceMention], text: str, lex: _Lexicon) -> list[PlaceMention]:
    """A name followed by ", <country>" lies in that country: a match elsewhere is not
    the place meant ("North" of "North Waziristan, Pakistan" is no town in Utah; nor
    "Santiago province, Chile" a province of the Dominican Republic)."""
    drop: set[int] = set()
    for n, (m, nxt) in enumerate(zip(found, found[1:])):
        if (lex.apposition.fullmatch(text, m.end, nxt.start) and nxt.place.kind == "country"
                and m.place.kind != "country" and m.place.country != nxt.place.country):
            drop.add(n)
    return [m for n, m in enumerate(found) if n not in drop]




def _parts_of_towns(found: list[PlaceMention], text: str, lex: _Lexicon) -> list[PlaceMention]:
    """"the Cannes area of Ajaccio", "the Sajonia neighbourhood of Asuncion": the name is a
    part of the town after it. A gazetteer entry of that name far from the town (the
    Cannes of the Riviera, 180 km off) is another place: the part is kept, unresolved, at
    the town it belongs to (precision 2)."""
    if lex.part_of is None:
        return found
    out = list(found)
    for n, (m, town) in enumerate(zip(found, found[1:])):
        if not lex.part_of.fullmatch(text, m.end, town.start) or town.place.kind not in ("city", "district"):
            continue
        if m.place.kind in ("country", "admin1", "unresolved") or _distance_km(m.place, town.place) <= _PART_KM:
            continue
        name = text[m.start:m.end]
        why = (f"a part of {town.place.name}, which the text names after it; the gazetteer's "
               f"{m.place.name} lies {_distance_km(m.place, town.place):.0f} km from it")
        out[n] = PlaceMention(m.start, m.end, name, placed_at(name, town.place, admin2=town.place.admin2), 2, why=why)
    return out


#: How far from its town a place the text calls a part of it may lie.
_PART_KM = 30


def _region_of(m: PlaceMention, gaz: Gazetteer) -> PlaceMention:
    """"southern Lebanon" read as a direction of a country is the region the gazetteer
    has by that name (South Lebanon, as "جنوب لبنان" is), when it has one."""
    if m.place.kind != "country" or m.text == m.place.name:
        return m
    key = name_key(m.text)
    region = next((e for e in gaz.lookup([key]).get(key, [])
                   if e.place.kind == "region" and e.place.country == m.place.country), None)
    return replace(m, place=region.place, geo_precision=region.precision) if region else m


# --- English ---------------------------------------------------------------------------

@dataclass
class _Tok:
    start: int
    end: int  # without a possessive 's
    text: str
    possessive: bool
    cap: bool
    connector: bool


def _en_tokens(text: str, lex: _Lexicon) -> list[_Tok]:
    out = []
    for m in _EN_TOKEN.finditer(text):
        word = m.group()
        poss = word.endswith("'s") and len(word) > 2
        end = m.end() - 2 if poss else m.end()
        w = text[m.start():end]
        cap = w[:1].isupper() or bool(_EN_ARTICLE.match(w))
        if cap and w.isupper() and len(w) <= 4 and "." not in w and w not in lex.abbreviations:
            cap = False  # PKK, AK: acronyms, not names
        if cap and w.lower() in lex.function_words:
            cap = False  # "The", "In": capitalised by the sentence, not by a name
        out.append(_Tok(m.start(), end, w, poss, cap, (not cap) and w.lower() in _EN_CONNECTORS))
    return out


def _en_runs(text: str, toks: list[_Tok]) -> list[list[int]]:
    """Runs of capitalised words and the connectors between them ("Jurf al-Sakhar")."""
    runs: list[list[int]] = []
    cur: list[int] = []
    for i, t in enumerate(toks):
        joined = bool(cur) and text[toks[cur[-1]].end:t.start].strip() == "" and not toks[cur[-1]].possessive
        if cur and joined and (t.cap or t.connector):
            cur.append(i)
        else:
            if cur:
                runs.append(cur)
            cur = [i] if t.cap else []
    if cur:
        runs.append(cur)
    return runs


def _english_candidates(text: str, toks: list[_Tok], runs: list[list[int]], lex: _Lexicon,
                        gaz: Gazetteer) -> list[Candidate]:
    max_n = min(gaz.max_tokens, 8)
    spans: list[tuple[int, int, list[int]]] = []  # (first token, last token, run)
    for run in runs:
        for a in range(len(run)):
            if toks[run[a]].connector:
                continue
            for b in range(a, min(len(run), a + max_n)):
                if not toks[run[b]].connector:
                    spans.append((run[a], run[b], run))
    # a lower-case type word after a run may be part of the name ("Hamrin mountains")
    for i, j, run in list(spans):
        if j == run[-1] and j + 1 < len(toks) and toks[j + 1].text in lex.name_suffixes and j + 1 - i < max_n \
                and text[toks[j].end:toks[j + 1].start].strip() == "" and not toks[j].possessive:
            spans.append((i, j + 1, [*run, j + 1]))
    keys = {(i, j): name_key(text[toks[i].start:toks[j].end]) for i, j, _ in spans}
    hits = gaz.lookup(keys.values())

    cands = []
    for i, j, run in spans:
        entries = hits.get(keys[(i, j)])
        if not entries:
            continue
        c = Candidate(toks[i].start, toks[j].end, j - i + 1, entries,
                      spelling=_spelling(text[toks[i].start:toks[j].end]))
        _english_evidence(c, text, toks, i, j, run, lex)
        cands.append(c)
    return cands


def _english_evidence(c: Candidate, text: str, toks: list[_Tok], i: int, j: int, run: list[int],
                      lex: _Lexicon) -> None:
    before = text[max(0, c.start - 120):c.start]
    low_before = before.lower()
    anchor = c.start
    typed_before = False
    for phrase in lex.type_phrases:
        if low_before.endswith(phrase + " "):
            c.want = lex.type_before[phrase]
            anchor = c.start - len(phrase) - 1
            typed_before = True
            break
    # the part of the run this name belongs to: "and" joins names ("Jalawla and Udhaim")
    # as often as it sits inside one ("Jammu and Kashmir")
    ands = [k for k in run if toks[k].text == "and"]
    lo = max([k for k in ands if k < i], default=-1)
    hi = min([k for k in ands if k > j], default=len(toks))
    after = [k for k in run if j < k < hi and not toks[k].connector]
    prior = [k for k in run if lo < k < i and not toks[k].connector]
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if nxt is not None and text[c.end:nxt.start].strip() == "" and nxt.text.lower() in lex.type_after \
            and not (nxt.cap and nxt.text.lower() in lex.name_words):  # "Old City", "Kuwait City": one name
        c.want = lex.type_after[nxt.text.lower()] if c.want is None else c.want
        after = [k for k in after if k != j + 1]
    if c.want is not None:
        c.evidence += 2
    if nxt is not None and text[c.end:nxt.start].strip() == "" and nxt.text.lower() in lex.event_after:
        after = [k for k in after if k != j + 1]
        towns = [e for e in c.entries if e.place.kind in ("city", "district")]
        if towns and not after:
            # the town that ends the name of an attack ("2018 Inter-Continental Hotel Kabul
            # attack", "Karrada bombing") is where it happened, whatever comes before it
            c.entries = towns
            c.evidence += 2 if prior else 1
    # the word before the run (or the type phrase), lower-cased
    prev_words = [w.lower() for w in re.findall(r"[\w']+", text[max(0, anchor - 40):anchor])]
    if prev_words and prev_words[-1] in lex.articles:
        prev_words.pop()
    prev = prev_words[-1] if prev_words else ""
    if not prior and prev in lex.preps:
        c.evidence += 1
        c.has_prep = True
    if not prior and not text[c.start:c.end].isupper() and \
            _LOCATING_PARENTHESIS.search(text, max(0, anchor - 60), anchor):
        c.evidence += 1  # "in Al Hishah (Misrata)", "(Karimama, Alibori)": where the place before lies
        c.has_prep = True
    if lex.relative is not None:
        for a in {c.start, anchor}:
            m = lex.relative.search(text[max(0, a - 120):a])
            if m and m.group().strip():
                c.rel_start = a - len(m.group().lstrip())
                c.between = bool(_BETWEEN.search(m.group()))
                c.evidence += 1
                c.has_prep = True
                break
    if c.ntok > 1:
        c.evidence += 1
    if prior or after:
        c.evidence -= 1
        c.partial = True
    if c.ntok == 1:
        c.zipf = lex.zipf.get(toks[i].text.lower(), 0.0)
    c.place_word = c.has_prep or c.want is not None
    if any(toks[k].text.lower() in lex.org_after for k in after):
        c.evidence -= 3  # "the Red Sea Afar Democratic Organization": a part of an organisation's name
    if nxt is not None and nxt.text.lower() in lex.org_after and text[c.end:nxt.start].strip() == "":
        c.evidence -= 3
    if nxt is not None and nxt.text.lower() in lex.country_nouns and text[c.end:nxt.start].strip() == "" \
            and any(e.place.kind == "country" for e in c.entries):
        c.qualifier = True  # "the U.S. Embassy", "the Myanmar military": no place, but the report's geography
    if not prior and prev in lex.titles:
        c.evidence -= 2
    if nxt is not None and nxt.text.lower() in lex.speech and not after and not c.has_prep:
        c.evidence -= 2  # "Mansour said"; but "a source in Baghdad said" names a place
    if c.ntok == 1 and toks[i].text.lower() in lex.common:
        c.needs_prep = True
    if c.ntok == 1 and toks[i].text.lower() in lex.adjectives and not typed_before:
        c.blocked = True  # "near the Malian town of Gao": a nationality, not Malian in China
    if name_key(text[c.start:c.end]) in lex.not_names and not typed_before:
        c.blocked = True
    if toks[j].possessive and nxt is not None and nxt.cap:
        c.possessive_run = True
    if nxt is not None and nxt.text in lex.name_suffixes and text[c.end:nxt.start].strip() == "":
        c.partial = True  # "Nuba" of "the Nuba mountains"
    sentence_start = not prior and bool(_SENTENCE_END.search(text[max(0, c.start - 5):c.start]))
    if sentence_start and c.ntok == 1 and toks[i].text.lower() in lex.common and c.want is None:
        c.blocked = True


#: The opening of a parenthesis that locates the name before it: "Kalibari (Ashashuni, Satkhira)".
_LOCATING_PARENTHESIS = re.compile(r"[A-Z][\w'-]*\s*\((?:\s*[A-Z][\w'-]*(?:[ -][A-Z][\w'-]*){0,2}\s*,)?\s*$")


def _described_places(text: str, toks: list[_Tok], runs: list[list[int]], lex: _Lexicon, gaz: Gazetteer,
                      found: list[PlaceMention]) -> list[PlaceMention]:
    """Add the places the gazetteer lacks that the text itself describes and locates:
    "Dioungani, a village in central Mali", "the Leego district of Somalia", "the village
    of X in Y province". The name as written is kept, unresolved, with the country (and
    governorate) of the place it is said to lie in, or of a nationality adjective ("the
    Lebanese town of X"): geo_precision 2 with a town's coordinates when it lies near or
    in one, 3 with the governorate's when that is known, else 4 without any; a gazetteer
    match of the name in another country than that one gives way to it.
    """
    if lex.within is None:
        return found
    # What a run overlaps, and the places after it, are among the places found (in text
    # order, as resolve gives them), not the ones added here: those lie in earlier runs.
    live = _Spans(found)
    out: list[PlaceMention] = []  # added
    for run in runs:
        caps = [k for k in run if toks[k].cap]
        i, j = caps[0], caps[-1]
        if j - i > 3:
            continue
        start, end = toks[i].start, toks[j].end
        overlap = live.overlapping(start, end)
        if any(m.start < start or m.end > end or m.place.kind in ("country", "admin1") for m in overlap):
            continue  # part of a longer mention; "the US camp in Kabul"
        described_at = _description_end(text, toks, i, j, lex)
        if described_at is None:
            continue
        encl = _enclosing(text, described_at, live.after(described_at), lex)
        nation = None if encl is not None else _nationality_before(text, start, lex)
        country = gaz.country(nation) if nation else None
        if country is not None:  # "the southern Lebanese town of Yaroun": the adjective names it
            encl = PlaceMention(start, start, "", country, 4)
        alone = encl is None and not overlap and _unlisted_alone(text, toks, i, j, lex)
        if encl is None and not alone:
            continue
        if encl is not None and any((m.start, m.end) == (start, end) and m.place.country == encl.place.country
                                    for m in overlap):
            continue
        if encl is not None and text.startswith(" of ", described_at) and \
                encl.place.kind not in ("country", "admin1", "region") and \
                text[:described_at].rsplit(None, 1)[-1].lower() not in lex.parts:
            continue  # "the Nigerian city of Jos": the town is the one after "of"; but "the Gombe area of Kinshasa"
        for m in overlap:
            live.remove(m)  # not May in India ("the village of May in Nigeria"), nor Bulo ("Bulo Gaduud")
        c = Candidate(start, end, j - i + 1, [])
        _english_evidence(c, text, toks, i, j, run, lex)
        name = text[start:end]
        words = _WORD.findall(name.lower())
        if c.blocked or all(w in lex.common for w in words) or any(name_key(w) in lex.not_names for w in words) \
                or _COMPOUND.search(name):
            continue  # "the Red Cross camp", "Last Tuesday, a village ...", "the Islamic State-held area"
        evidence = c.evidence + (0 if c.want is not None else 2)
        if evidence < 1:
            continue  # a person ("Mr X, a town councillor"), an organisation
        if encl is None:
            # "near Holubivske.": a name and nothing of where it lies; the country is the
            # report's, when all its places lie in one
            countries = {m.place.country for m in live.items if m.place.country}
            home = gaz.country(countries.pop()) if len(countries) == 1 else None
            place = placed_at(name, home) if home else Place(name, "", kind="unresolved")
            out.append(PlaceMention(start, end, name, place, 4, why="a name the gazetteer lacks, after a preposition"
                                    " of place" + (f"; the report's places all lie in {home.name}" if home else "")))
            continue
        if encl.place.kind in ("city", "district", "region") and encl.place.latitude is not None:
            # "Dalori village, near Maiduguri": near the town, or part of it; "X in southern
            # Lebanon": the region's coordinates and precision
            town = encl.place.kind != "region"
            place = placed_at(name, encl.place, admin2=encl.place.admin2 if town else "")
            out.append(PlaceMention(start, end, name, place, 2 if town else max(encl.geo_precision, 2),
                                    why=f"a place the gazetteer lacks, told as lying near or in {encl.place.name}"))
            continue
        division = encl.place if encl.place.kind == "admin1" else _division(gaz, encl.place)
        area = division or Place("", encl.place.country, admin1=encl.place.admin1)  # no coordinates
        # "Tchoma Bangou, western Niger": in a part of the country, not anywhere in it
        part = encl.place.kind == "country" and bool(encl.text) and encl.text != encl.place.name
        out.append(PlaceMention(start, end, name, placed_at(name, area, admin2=_admin2_between(text, end, encl)),
                                3 if division or part else 4,
                                why=f"a place the gazetteer lacks, told as lying in {encl.place.name or encl.text}"))
    return sorted(_one_reading_per_name(live.items, out), key=lambda m: m.start)


def _one_reading_per_name(found: list[PlaceMention], described: list[PlaceMention]) -> list[PlaceMention]:
    """A name the report says lies in a country names that place wherever the report
    repeats it: in "near Nimo High School in Nimo, Papua New Guinea" the first Nimo is not
    the French town GeoNames also calls Nimo. ``described`` are the places added from what
    the text says of them; a mention of ``found`` that ends with one of their names and was
    read in another country takes that reading."""
    told = {d.text: d for d in described if d.place.country}
    if not told:
        return found + described
    out = []
    for m in found:
        d = told.get(m.text) or next((d for name, d in told.items() if m.text.endswith(" " + name)), None)
        if d is not None and m.place.country and m.place.country != d.place.country:
            m = replace(m, place=d.place, geo_precision=max(m.geo_precision, d.geo_precision),
                        why=f"the name the report places in {d.place.country}")
        out.append(m)
    return out + described


def _unlisted_alone(text: str, toks: list[_Tok], i: int, j: int, lex: _Lexicon) -> bool:
    """A run after a preposition of place ("near Holubivske", "in Abu Salim") whose words
    are none of them everyday words of the language (so not "in January", "at Google",
    "in Parliament"): a place the gazetteer lacks, even with nothing said of where."""
    before = _WORD.findall(text[max(0, toks[i].start - 20):toks[i].start].lower())
    if not before or before[-1] not in lex.locative:
        return False
    words = [toks[k].text.lower() for k in range(i, j + 1) if not toks[k].connector]
    return bool(words) and all(w not in lex.zipf and w not in lex.adjectives and len(w) > 2 for w in words)


def placed_at(name: str, area: Place, *, admin2: str = "") -> Place:
    """A place the gazetteer lacks, called ``name`` and given the country, first-level
    division and coordinates of the place it lies in or near."""
    admin1 = area.admin1 or (area.name if area.kind == "admin1" else "")
    return Place(name, area.country, admin1=admin1, admin2=admin2, latitude=area.latitude,
                 longitude=area.longitude, kind="unresolved")


def _nationality_before(text: str, start: int, lex: _Lexicon) -> str | None:
    """The country of a nationality adjective just before the settlement phrase that
    precedes a name: "the southern Lebanese town of" → LB."""
    if not lex.adjectives:
        return None
    m = _ADJECTIVE_PHRASE.search(text, max(0, start - 60), start)
    if m is None or m.group(2).lower() not in lex.settlements:
        return None
    return lex.adjectives.get(m.group(1).lower())


_ADJECTIVE_PHRASE = re.compile(r"\b([A-Z][a-z]+)\s+([a-z]+)\s+of\s+$")


def _division(gaz: Gazetteer, place: Place) -> Place | None:
    """The first-level division a place lies in, as an entry of its own (with coordinates)."""
    if not place.admin1 or place.kind == "country":
        return None
    key = name_key(place.admin1)
    return next((e.place for e in gaz.lookup([key]).get(key, [])
                 if e.place.kind == "admin1" and e.place.country == place.country and e.place.latitude is not None),
                None)


def _description_end(text: str, toks: list[_Tok], i: int, j: int, lex: _Lexicon) -> int | None:
    """Where the words that call the run at ``i..j`` a settlement end, if some do:
    "the village of X", "X village", "X, a small village"."""
    low_before = text[max(0, toks[i].start - 40):toks[i].start].lower()
    for phrase in lex.type_phrases:
        words = phrase.split()
        if low_before.endswith(phrase + " ") and len(words) > 1 and words[-2] in lex.settlements:
            return toks[j].end
    sentence_start = bool(_SENTENCE_END.search(text[max(0, toks[i].start - 5):toks[i].start]))
    if sentence_start and i == j:
        return None  # "Overnight, a town ...": capitalised by the sentence
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if nxt is not None and not nxt.cap and nxt.text.lower() in lex.settlements \
            and text[toks[j].end:nxt.start].strip() == "" and not toks[j].possessive:
        return nxt.end
    if lex.appositive is not None:
        m = lex.appositive.match(text, toks[j].end)
        if m:
            return m.end()
    before = _WORD.findall(low_before[-20:])
    if before and before[-1] in lex.locative:
        return toks[j].end  # "in Tchoma Bangou, western Niger": if a place it lies in follows
    return None


_PARENTHESIS = re.compile(r"\s*\(\s*([A-Z][\w'-]*(?:[ -][A-Z][\w'-]*){0,2})\s*,\s*$")


def _admin2_between(text: str, end: int, encl: PlaceMention) -> str:
    """The district a parenthesis names before the province: "Kalibari (Ashashuni,
    Satkhira)" lies in Ashashuni."""
    m = _PARENTHESIS.match(text[end:encl.start]) if encl.place.kind == "admin1" else None
    return m.group(1) if m else ""


def _enclosing(text: str, at: int, found: Iterable[PlaceMention], lex: _Lexicon) -> PlaceMention | None:
    """The known place a description ending at ``at`` puts its name in ("in central
    Mali", "of Somalia", "جنوبي لبنان"), the most specific of a chain ("in Afghanistan's
    Helmand province", "in Kandahar, Afghanistan"). ``found`` in text order: give only
    those from ``at`` on (see _Spans.after), or a long report is scanned per name."""
    assert lex.within is not None
    chain: list[PlaceMention] = []
    for m in found:
        if m.start < at:
            continue
        gap = text[chain[-1].end if chain else at:m.start]
        if not chain and lex.within.fullmatch(gap):
            chain.append(m)
        elif chain and _CHAIN_GAP.fullmatch(gap):
            chain.append(m)
        else:
            break
    if not chain:
        return None
    rank = {"admin1": 0, "country": 2}
    return min(chain, key=lambda m: (rank.get(m.place.kind, 1 if m.place.admin1 else 3), m.start))


def _without_contradicted(text: str, lex: _Lexicon, found: list[PlaceMention]) -> list[PlaceMention]:
    """Drop an Arabic name after a place-type word (بلدة، قرية، مخيم، منطقة) resolved to a
    place in another country than the one named next to it, which context already favours,
    so the gazetteer has no such place there ("قرية X جنوبي لبنان" is not a Syrian X).
    The unknown village is then named, romanised, when the event is assembled; here
    only the country or governorate next to it is found."""
    if lex.within is None:
        return found
    spans = _Spans(found)  # found is in text order, as resolve gives it
    starts = set(spans.starts)
    out = []
    for m in found:
        prev = text[max(0, m.start - 20):m.start].split()
        word = _strip_conj(prev[-1], lex) if prev else ""
        if word not in lex.type_before and len(word) > 3 and word.startswith(lex.procl):
            word = word[1:]  # ببلدة
        typed = lex.type_before.get(word) in ("city", "district", "")
        encl = None
        if typed and m.place.kind != "country":
            # the gazetteer may know only the first words of the name ("مخيم عين [الحلوة] في صيدا")
            at = m.end
            for _ in range(2):
                w = _AR_NEXT_WORD.match(text, at)
                if not w or _strip_conj(w.group(1), lex) in lex.preps or w.start(1) in starts:
                    break
                at = w.end()
            encl = _enclosing(text, at, spans.after(at), lex)
        if encl is not None and encl.place.country != m.place.country:
            continue
        out.append(m)
    return out


# --- Arabic ----------------------------------------------------------------------------

def _ar_forms(word: str, lex: _Lexicon) -> list[tuple[str, int, bool]]:
    """Readings of one word: (form, letters stripped from its start, a preposition was stripped)."""
    out = [(word, 0, False)]
    bases = [(word, 0)]
    if len(word) > 3 and word.startswith(lex.conj):
        bases.append((word[1:], 1))
    for base, n in list(bases):
        if len(base) > 3 and base.startswith(lex.procl):
            p, rest = base[0], base[1:]
            if p == "ل" and rest.startswith("ل") and len(rest) > 3:
                out.append(("ا" + rest, n + 1, True))  # للموصل = ل + الموصل
            else:
                out.append((rest, n + 1, p in lex.evid_procl))
        if n:
            out.append((base, n, False))
    return out


def _arabic_candidates(text: str, lex: _Lexicon, gaz: Gazetteer) -> list[Candidate]:
    # Arabic words and numbers (حي 17 تموز), not the Latin ones of an Arabic post ("RBK")
    toks = [m for m in _AR_TOKEN.finditer(text) if is_arabic(m.group()) or m.group().isdigit()]
    words = [m.group() for m in toks]
    joined = [i + 1 < len(toks) and text[toks[i].end():toks[i + 1].start()].isspace() for i in range(len(toks))]
    forms = [_ar_forms(w, lex) for w in words]

    def readings(form: str) -> list[str]:
        return [form, form[2:]] if form.startswith("ال") and len(form) > 4 else [form]

    heads = gaz.heads(r for fs in forms for f, _, _ in fs for r in readings(f))
    per_start: list[list[tuple[str, int, int, bool, str, bool]]] = []
    for i, fs in enumerate(forms):
        options = []
        for form, strip, prep in fs:
            for r in readings(form):
                n_max = heads.get(r, 0)
                parts = [r]
                for n in range(1, n_max + 1):
                    if n > 1:
                        k = i + n - 1
                        if k >= len(toks) or not joined[k - 1]:
                            break
                        parts.append(words[k])
                    options.append((name_key(" ".join(parts)), n, strip, prep, form, r != form))
        per_start.append(options)
    hits = gaz.lookup({o[0] for opts in per_start for o in opts})

    cands = []
    covered: set[int] = set()  # tokens some candidate spans
    quoted = any(q in text for q in _QUOTES)
    for i, options in enumerate(per_start):
        # the reading that strips least wins: "بلد" stays Balad, never ب + "لد"
        best_strip = min((o[2] for o in options if o[0] in hits or (o[1] == 1 and o[4] in lex.stop)), default=None)
        if best_strip is None:
            continue
        for key, n, strip, prep, form, dropped in options:
            if strip != best_strip or key not in hits:
                continue
            entries = hits[key]
            if dropped:
                # a name found only without the text's article: trust it in the Arab world alone
                entries = [e for e in entries if e.place.country in ARABIC_SPEAKING]
                if not entries:
                    continue
            start = toks[i].start() + strip
            if form.startswith("ال") and not words[i][strip:].startswith("ال"):
                start = toks[i].start()  # للموصل: the article letters are not in the text
            c = Candidate(start, toks[i + n - 1].end(), n, entries)
            c.has_prep = prep
            c.blocked = n == 1 and form in lex.stop
            if n == 1:
                c.zipf = lex.zipf.get(form, 0.0)
            _arabic_evidence(c, text, words, toks, i, prep, lex)
            if quoted and _inside_longer_quote(text, c.start, c.end):
                c.partial = c.blocked = True  # قرية "دير الحجر": one name, not دير to look up
            cands.append(c)
            covered.update(range(i, i + n))
    return cands + _variant_candidates(text, toks, words, covered, lex, gaz)


#: The letters Arabic writes long vowels with, which spellings of a foreign or local name
#: add or leave out (بيشاور / بشاور, طوزخورماتو / طوزخرماتو).
_LONG_VOWELS = "اوي"
#: A variant spelling must name a place this prominent, so that one letter's change does
#: not turn a village's name into another village.
_VARIANT_RANK = 50_000


def _spelling_variants(word: str) -> set[str]:
    """The word with one long-vowel letter added or dropped inside it."""
    out = set()
    for k in range(1, len(word)):
        out.update(word[:k] + v + word[k:] for v in _LONG_VOWELS)
        if k < len(word) - 1 and word[k] in _LONG_VOWELS:
            out.add(word[:k] + word[k + 1:])
    out.discard(word)
    return out


def _variant_candidates(text: str, toks: list, words: list[str], covered: set[int], lex: _Lexicon,
                        gaz: Gazetteer) -> list[Candidate]:
    """A word after a place-type word that names no place as written, read as a known
    spelling of a prominent place: "مدينة بشاور" is Peshawar. Only after a type word:
    there the text says a place is named."""
    asked: dict[int, tuple[str, set[str]]] = {}
    for i in range(1, len(words)):
        if i in covered or len(words[i]) < 4:
            continue
        prev = _strip_conj(words[i - 1], lex)
        kind = lex.type_before.get(prev, lex.type_before.get(prev[1:]) if prev.startswith(lex.procl) else None)
        if kind is None:
            continue
        asked[i] = (kind, {name_key(v) for v in _spelling_variants(words[i])})
    if not asked:
        return []
    hits = gaz.lookup({k for _, keys in asked.values() for k in keys})
    out = []
    for i, (kind, keys) in asked.items():
        entries = [e for k in keys for e in hits.get(k, []) if e.rank >= _VARIANT_RANK]
        if not entries:
            continue
        c = Candidate(toks[i].start(), toks[i].end(), 1, entries)
        c.want, c.evidence, c.place_word, c.variant = kind, 2, True, True
        out.append(c)
    return out


#: Quotation marks around a name, opening and closing.
_QUOTES = {'"': '"', "«": "»", "“": "”"}


def _inside_longer_quote(text: str, start: int, end: int) -> bool:
    """The span lies inside quotation marks, on its line, that hold more words than it
    and at most four: a local name the gazetteer lacks (قرية "دير الحجر", «البو
    حمدان»), whose first word must not be looked up alone."""
    # a quoted name is short: the quotation marks within a few dozen characters decide
    line = max(text.rfind("\n", 0, start) + 1, start - 80)
    for opening, closing in _QUOTES.items():
        before = text[line:start]
        at = before.rfind(opening)
        if at < 0 or (opening == closing and before.count(opening) % 2 == 0):
            continue  # no quotation open here ('"' opens and closes alike: count them)
        if opening != closing and closing in before[at:]:
            continue
        close = text.find(closing, end)
        newline = text.find("\n", end)
        if close < 0 or (0 <= newline < close):
            continue
        inner = text[line + at + 1:close].strip()
        if inner != text[start:end] and len(inner.split()) <= 4:
            return True
    return False


def _strip_conj(word: str, lex: _Lexicon) -> str:
    return word[1:] if len(word) > 2 and word.startswith(lex.conj) else word


def _arabic_evidence(c: Candidate, text: str, words: list[str], toks: list, i: int, prep: bool,
                     lex: _Lexicon) -> None:
    anchor_tok = i
    if prep:
        c.evidence += 1
    if i > 0:
        prev = _strip_conj(words[i - 1], lex)
        variants = {prev}
        if len(prev) > 3 and prev.startswith(lex.procl):
            variants.add(prev[1:])
        kinds = [lex.type_before[v] for v in variants if v in lex.type_before]
        if kinds:
            c.want = kinds[0]
            c.evidence += 2
            c.blocked = False
            c.place_word = True
            anchor_tok = i - 1
            if prev.startswith(lex.procl) and prev[1:] in lex.type_before:
                c.evidence += 1
                c.has_prep = True
        if variants & lex.person_before:
            c.evidence -= 2
        if variants & lex.org_before:
            c.evidence -= 3
    if anchor_tok > 0:
        prev = _strip_conj(words[anchor_tok - 1], lex)
        if prev in lex.preps:
            c.evidence += 1
            c.has_prep = c.place_word = True
    if lex.relative is not None:
        a = toks[anchor_tok].start()
        m = lex.relative.search(text[max(0, a - 80):a])
        if m and m.group().strip():
            c.rel_start = a - len(m.group().lstrip())
            c.between = bool(_BETWEEN.search(m.group()))
            c.has_prep = c.place_word = True
            c.evidence += 1
    if c.ntok > 1:
        c.evidence += 1
    k = i + c.ntok
    if k < len(words) and text[toks[k - 1].end():toks[k].start()].isspace():
        c.country_pref = lex.adjectives.get(words[k], "")


# --- Resolution --------------------------------------------------------------------------

def _distance_km(a: Place, b: Place) -> float:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return math.inf
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))  # type: ignore[arg-type]
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


@lru_cache(maxsize=1 << 14)
def _spelling(name: str) -> str:
    """A Latin name as written, less case, accents and punctuation (not a key: doubled
    letters and articles still count)."""
    s = unicodedata.normalize("NFKD", name.lower())
    return " ".join(re.sub(r"[\W_]+", " ", "".join(ch for ch in s if not unicodedata.combining(ch))).split())


def _entry_score(e: Entry, c: Candidate, hint: str | None, named: set[str], voted: dict[str, float],
                 admin1s: dict[tuple[str, str], set[int]], prefer: frozenset[str]) -> float:
    p = e.place
    s = math.log10(max(e.rank, 1.0))
    if p.country in prefer:
        s += 1.5
    if c.country_pref and p.country == c.country_pref:
        s += 3
    if c.spelling and _spelling(p.name) == c.spelling:
        s += 2  # written as the place's own name: "Samarra" is Samarra, "Samara" Samara; "Thai Nguyen" no Taiyuan
    if c.want:
        s += 4 if p.kind in _WANT.get(c.want, set()) else -1
    if hint and p.country == hint:
        s += 3
    if p.country in named:
        s += 2.5
    s += min(voted.get(p.country, 0.0), 2.0)
    if p.admin1 and admin1s.get((p.country, p.admin1), set()) - {id(c)}:
        s += 1.5
    return s


def _choose(c: Candidate, key: str, hint: str | None, named: set[str], voted: dict[str, float],
            admin1s: dict[tuple[str, str], set[int]], prefer: frozenset[str]) -> tuple[Entry, float]:
    scored = sorted(((_entry_score(e, c, hint, named, voted, admin1s, prefer), e) for e in c.entries),
                    key=lambda x: -x[0])
    best_score, best = scored[0]
    if best.place.kind in _DISTRICTS and c.want in (*_DISTRICTS, "district"):
        # "قضاء الرطبة": the district is placed at the town it is named after (its
        # centroid may lie 95 km off in the desert), at precision 2 (see resolve)
        seat = next(((s, e) for s, e in scored if e.place.kind == "city" and e.place.country == best.place.country
                     and e.place.admin1 == best.place.admin1 and name_key(e.place.name) == name_key(best.place.name)),
                    None)
        if seat is not None:
            best_score, best = seat
    if best.place.kind in _ADMIN and c.want not in ("admin1", "admin2", "admin3", "region"):
        # A governorate or district and a town that share the name: the news means the town,
        # when it lies close by (Kirkuk), is a big city (Washington) or, without a type word, is
        # the seat a district of its governorate is named after (Rutba, whose desert district's
        # centre is 95 km off), unless the text spells the division's own name and the town's
        # is another (Oklahoma, Oklahoma City).
        exact_admin = name_key(best.place.name) == key
        for s, e in scored:
            if e.place.kind not in ("city", "district") or e.place.country != best.place.country:
                continue
            if exact_admin and name_key(e.place.name) != key:
                continue
            seat = (c.want is None and best.place.kind != "admin1" and e.place.admin1 == best.place.admin1
                    and name_key(e.place.name) == name_key(best.place.name))
            if seat or _distance_km(e.place, best.place) < 75 or e.rank >= 500_000:
                best_score, best = s, e
                break
    return best, best_score


def _names_district(c: Candidate) -> bool:
    """The type word asks for a district: an Arabic one always (the gazetteer may lack
    Yemen's and Lebanon's), English "district" when a district has that name (not the
    Karrada district of Baghdad, a neighbourhood)."""
    if c.want in _DISTRICTS:
        return True
    assert c.chosen is not None
    key = name_key(c.chosen.place.name)
    return c.want == "district" and any(e.place.kind in _DISTRICTS and e.place.country == c.chosen.place.country
                                        and name_key(e.place.name) == key for e in c.entries)


#: A town this big is news in any report: no focus needed ("planning attacks in Nairobi").
_WORLD_CITY = 1_000_000
#: How much more common than its place a word may be before it counts as an everyday
#: word: log10(population) below zipf + this. Baghdad (7 M, zipf 4.9) is a name; العين
#: "the eye" (5.0) for a town of 600,000 and "Lake" (4.8) for a village are words.
_EXPLAINED = 0.8


def _everyday(c: Candidate, rank: float) -> bool:
    """The name is also a common word of the language, more common than its place."""
    return bool(c.zipf) and math.log10(max(rank, 1.0)) < c.zipf + _EXPLAINED


def _why(c: Candidate, named: set[str], admin1s: dict[tuple[str, str], set[int]]) -> str:
    """Why ``c`` names its chosen entry and not another of the name, in words a reader
    checks the choice by (the explain view shows it)."""
    e = c.chosen
    assert e is not None
    p = e.place
    rivals = [x for x in c.entries if x.place.country != p.country or x.place.admin1 != p.admin1]
    if p.kind in ("country", "admin1"):
        reason = "a country" if p.kind == "country" else "a province of that name"
    elif not rivals:
        reason = "the only place of that name"
    elif c.country_pref == p.country:
        reason = "a nationality after the name says the country"
    elif p.admin1 and admin1s.get((p.country, p.admin1), set()) - {id(c)} and p.kind != "admin1":
        reason = f"the report names its province or a town of it ({p.admin1})"
    elif p.country in named and any(x.place.country != p.country for x in rivals):
        reason = "the report names its country"
    elif c.want is not None and p.kind in _WANT.get(c.want, ()):
        reason = "a place-type word asks for this kind of place"
    elif c.spelling and c.spelling == _spelling(p.name):
        reason = "written as this place's own name"
    else:
        reason = "the most prominent place of that name"
    if rivals:
        other = max(rivals, key=lambda x: x.rank).place
        reason += f", over {other.name} ({other.country})"
    if c.variant:
        reason = f"read as another spelling of {p.name}, after a place-type word; " + reason
    return reason


def _typed(c: Candidate) -> bool:
    """A place-type word names the place ("Gao town", "محافظة البصرة"); not when the name
    is a part of a longer one ("Delgado" of "Cabo Delgado province")."""
    return not c.partial and c.want is not None


def _confidence(c: Candidate, e: Entry, context: set[str], focus: set[str] = frozenset(),
                strong: bool = False) -> float | None:
    """How well the text supports ``c`` naming ``e``; None when it is not a place at all.

    ``focus``: the countries the report is about (see resolve). A town elsewhere needs
    evidence of its own: a place-type word or nationality naming it; when the focus
    is ``strong`` (the report names a country or province, or the caller gives one),
    nothing less will do; else a preposition before a whole name that is no everyday
    word is enough ("Iraqi troops crossed into Raqqa")."""
    if c.blocked or c.qualifier:
        return None
    local = c.has_prep or c.want is not None
    if c.needs_prep and not local:
        return None
    # how prominent the name is in that country (a town chosen over its governorate keeps
    # the governorate's weight)
    rank = max(x.rank for x in c.entries if x.place.country == e.place.country)
    everyday = e.place.kind != "country" and _everyday(c, rank)
    if everyday and not (c.want is not None or c.place_word or e.place.country in focus):
        return None  # "Lake", العين, المعسكر: a word, unless a preposition or the geography says place
    # a world city is news anywhere, when the report spells its own name ("Tai" is no Taizhou)
    world = e.place.kind == "city" and e.rank >= _WORLD_CITY and (not c.spelling or c.spelling == _spelling(e.place.name))
    if focus and e.place.country not in focus and e.place.kind != "country" and not world:
        # a town in a country the report gives no reason for: a whole name with a
        # preposition, or a place-type word or nationality naming it, not a part of a
        # longer name ("Cabo" of "Cabo Delgado"), nor an everyday word ("بصور")
        # a type word that asks for this kind of place ("the town of", "province"), not
        # any ("area"), or a nationality after the name
        own = (_typed(c) and bool(c.want) and e.place.kind in _WANT.get(c.want, ())) or c.country_pref == e.place.country
        if not own and (strong or c.partial or everyday or not c.has_prep):
            return None
    if c.partial and everyday:
        return None  # "Lake" of "Lake Tanganyika": the generic word of a longer name
    if not local and rank < 20_000:
        return None  # words naming a hamlet, with nothing saying "place", are far more often words
    if c.possessive_run and rank < 100_000 and e.place.kind not in ("country", "admin1"):
        return None
    ev = c.evidence
    if e.place.kind in ("country", "admin1") or rank >= 100_000:
        ev += 1
    if e.place.country in context:
        ev += 1
    return ev if ev >= 1 else None


def _without_overlaps(kept: list[Candidate]) -> list[Candidate]:
    """Each candidate of ``kept`` that overlaps none before it, in text order.

    What is taken never overlaps, so its spans sorted by start have sorted ends too: the
    last span starting before a candidate ends is the only one to check, where a scan of
    all taken is quadratic on long reports. An empty span would break that order; then
    the scan is kept."""
    taken: list[Candidate] = []
    if any(c.end <= c.start for c in kept):
        for c in kept:
            if all(c.end <= t.start or c.start >= t.end for t in taken):
                taken.append(c)
        taken.sort(key=lambda c: c.start)
        return taken
    starts: list[int] = []
    ends: list[int] = []
    for c in kept:
        k = bisect_left(starts, c.end) - 1
        if k >= 0 and ends[k] > c.start:
            continue
        k += 1
        starts.insert(k, c.start)
        ends.insert(k, c.end)
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


#: A compass direction, a distance or a road: the place after it is where the attack is
#: measured from or a road leads to, not where it is ("north of Baghdad", "60 كم غرب بغداد",
#: "طريق أربيل", "the road from Kirkuk"), unlike "near" or "outside".
_DIRECTION = re.compile(r"(?i)\b(?:north|south|east|west)[a-z-]*\s+of\b|\d|\b(?:road|highway)\b"
                        r"|(?<!\w)[وفب]?(?:الي\s+)?(?:ال)?(?:شمال|جنوب|شرق|غرب|طريق)")


def resolve(text: str, cands: list[Candidate], *, country_hint: str | None = None,
            prefer: frozenset[str] = frozenset(), nationalities: Iterable[str] = ()) -> list[PlaceMention]:
    """Pick one entry per candidate using the whole text, drop non-places and overlaps.

    Context, strongest first: the caller's ``country_hint``; countries the text names;
    countries of names that only exist in one country; governorates the text names;
    then the kind a type word asks for, a nationality adjective after the name, the
    caller's regional preference (``prefer``) and the prominence of each entry.

    The report's focus (the hint, the countries and provinces it names and the
    ``nationalities`` its adjectives name) then decides what a town elsewhere needs
    to count (see _confidence).
    """
    keys = [name_key(text[c.start:c.end]) for c in cands]
    hint = country_hint.upper() if country_hint else None
    # pass 1: without context, to learn which countries and governorates the text names
    named: set[str] = set()
    voted: dict[str, float] = {}
    admin1s: dict[tuple[str, str], set[int]] = {}  # governorates named, by the candidates naming them
    strong = {hint} if hint else set()  # countries the text names, or the caller gives
    weak = set(nationalities)  # countries its adjectives or its unmistakable towns name
    # the countries named by a name that is a country first: what else the text names is
    # read in their light ("Santiago, Santiago province, Chile" is no province in Dominica)
    countries_named = set()
    for c, key in zip(cands, keys):
        if any(x.place.kind == "country" for x in c.entries):
            e, _ = _choose(c, key, hint, set(), {}, {}, prefer)
            if e.place.kind == "country" and c.qualifier:
                weak.add(e.place.country)  # "the Myanmar military": the report's geography, if no place
            elif e.place.kind == "country" and _confidence(c, e, {hint} if hint else set()) is not None:
                countries_named.add(e.place.country)
    for c, key in zip(cands, keys):
        e, _ = _choose(c, key, hint, countries_named, {}, {}, prefer)
        if c.partial or _confidence(c, e, {hint} if hint else set()) is None:
            continue  # a part of a longer name says nothing of the report's geography ("Colonia Los Olivos")
        if e.place.kind == "country":
            named.add(e.place.country)
        countries = {x.place.country for x in c.entries}
        if e.place.kind == "admin1" and (not countries_named or e.place.country in countries_named
                                         or len(countries) == 1):
            # a province, unless the report names other countries and provinces of this
            # name lie in several ("North Eastern Province ... of Kenya" is no Saudi province)
            admin1s.setdefault((e.place.country, e.place.name), set()).add(id(c))
            named.add(e.place.country)
        if len(countries) == 1 and e.place.country:
            voted[e.place.country] = voted.get(e.place.country, 0.0) + 1.0
        everyday = _everyday(c, e.rank)
        if _typed(c) and c.want and not everyday and (e.rank >= 100_000 or (
                e.place.kind in _WANT.get(c.want, ()) and len(countries) == 1)):
            # "محافظة الديوانية" (the city, if not the province); not "the Gombe area"; and
            # not "Maan town" alone: towns called Maan lie in four countries, and the type
            # word does not say which
            strong.add(e.place.country)
        elif not c.partial and not everyday and (c.has_prep or c.ntok > 1) and (
                (len(countries) == 1 and (c.ntok > 1 or max(x.rank for x in c.entries) >= 20_000))
                or (e.rank >= 100_000 and c.spelling == _spelling(e.place.name))):
            weak.add(e.place.country)  # "شمال الضالع", "علي السالم": names only one country has; "in Islamabad"
        if e.place.kind == "city" and e.place.admin1 and not c.partial and not everyday and \
                (len(countries) == 1 or e.rank >= 100_000):
            # a town lends its province to the places named with it: "حي الحرية شمال غربي
            # بغداد" is Baghdad's Hurriya, not a sub-district of Najaf
            admin1s.setdefault((e.place.country, e.place.admin1), set()).add(id(c))
    context = named | set(voted) | ({hint} if hint else set())
    strong |= named
    focus = strong | weak
    # pass 2: choose with context, keep what is a place
    kept = []
    for c, key in zip(cands, keys):
        e, _ = _choose(c, key, hint, named, voted, admin1s, prefer)
        conf = _confidence(c, e, context, focus, bool(strong))
        if conf is not None:
            c.chosen, c.confidence = e, conf
            kept.append(c)
    # longest name first, then the better supported, without overlaps
    kept.sort(key=lambda c: (-(c.end - c.start), -c.confidence, c.start))
    taken = _without_overlaps(kept)

    out: list[PlaceMention] = []
    skip_until = -1
    for n, c in enumerate(taken):
        if c.start < skip_until:
            continue
        assert c.chosen is not None
        start = c.rel_start if c.rel_start is not None else c.start
        if out and start < out[-1].end:
            start = c.start
        end = c.end
        precision = c.chosen.precision
        if c.chosen.place.kind in _DISTRICTS or (c.chosen.place.kind == "city" and _names_district(c)):
            # "قضاء هيت", "مديرية كتاف", "Hit district": a district is an area, and the attack
            # is somewhere in it, also when it is placed at the town it is named after.
            precision = max(precision, 2)
        reference = False
        if c.rel_start is not None and start == c.rel_start:
            precision = max(precision, 2)
            reference = bool(_DIRECTION.search(text, start, c.start))
            if c.between and n + 1 < len(taken) and _AND_GAP.match(text[c.end:taken[n + 1].start]):
                end = skip_until = taken[n + 1].end
        why = _why(c, named, admin1s)
        if reference:
            why = f"a reference point the attack is measured from ({text[start:c.start].strip()}); " + why
        out.append(PlaceMention(start, end, text[start:end], c.chosen.place, precision, reference, why))
    return out
