"""Which figures, date and place belong to which attack, over a corpus of short reports.

Each case in tests/corpus/assemble.json is written by the team; its name says the
rule it pins down.
"""
import json
from datetime import date
from pathlib import Path

import pytest

from incidents import extract
from incidents.model import Report

CASES = json.loads((Path(__file__).parent / "corpus" / "assemble.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_assemble(case):
    report = Report(id="r", text=case["text"], published=date.fromisoformat(case["published"]), lang=case["lang"])
    got = extract(report)
    assert len(got) == len(case["events"]), [(e.location, e.killed) for e in got]
    for want, event in zip(case["events"], got):
        for field, value in want.items():
            assert getattr(event, field) == value, field


def test_a_clause_of_the_same_sentence_places_the_attack_told_before_it():
    """A clause cut off by "while" with no attack word of its own is where the attack of
    the clause before happened, when that one named no place."""
    from incidents import extract
    from incidents.model import Report

    events = extract(Report(id="r", lang="en", text=(
        "A forest ranger was seriously wounded in a roadside bomb explosion while on patrol in Yala.")))
    assert [(e.location, e.country, e.wounded, e.event_type) for e in events] == [("Yala", "TH", 1, "IED")]


@pytest.mark.parametrize("text", [
    # an accident, and then a toll with words of death ("القتلى"): the accident's
    "انهار مبنى قديم في مدينة الحلة بسبب الأمطار. وقال الدفاع المدني إن فرقه انتشلت 5 جثث من بين القتلى.",
    # an arrest, and the attacks the suspects are said to have made
    "Police arrested four men in Kirkuk on Sunday. The four are suspected of a string of bombings "
    "that killed 11 people in the city, officials said.",
])
def test_a_report_about_an_accident_or_an_arrest_stays_negative(text):
    from incidents import extract
    from incidents.model import Report

    assert extract(Report(id="r", text=text, lang=None)) == []


def test_a_restatement_about_the_attackers_told_continues_the_attack():
    """"the gunman", with no toll or day of its own, is the attacker told of already: the
    sentence restates the attack (at a place the gazetteer may put anywhere), it opens no
    second one."""
    from incidents import extract
    from incidents.model import Report

    events = extract(Report(id="r", lang="en", text=(
        "Three people were shot dead and five wounded at a Denver bar. Police said the gunman "
        "opened fire inside a bar in Midtown shortly after midnight.")))
    assert [(e.location, e.killed, e.wounded) for e in events] == [("Denver", 3, 5)]


def test_a_background_cue_before_what_is_said_of_the_attack_dates_the_saying():
    """"في وقت سابق أن الانفجار وقع ظهر أمس": earlier is when the police said it; the blast
    happened yesterday, and that is the attack's day."""
    from datetime import date

    from incidents import extract
    from incidents.model import Report

    events = extract(Report(id="r", lang="ar", published=date(2020, 5, 12), text=(
        "ارتفع عدد قتلى تفجير سوق الكوت إلى 9 قتلى. وذكرت الشرطة في بيان أصدرته في وقت سابق أن "
        "الانفجار وقع مساء أمس.")))
    assert [(e.date, e.location, e.killed) for e in events] == [("2020-05-11", "Al-Kut", 9)]


def test_when_only_the_attacker_died_nobody_else_was_killed():
    from incidents import extract
    from incidents.model import Report

    events = extract(Report(id="r", lang="en", text=(
        "Police shot dead a gunman who opened fire on a checkpoint in Kirkuk on Friday; two officers "
        "were wounded.")))
    assert [(e.killed, e.attackers_killed, e.wounded) for e in events] == [(0, 1, 2)]


def test_a_vehicle_driven_into_people_is_an_attack_whatever_the_vehicle():
    from incidents import extract
    from incidents.model import Report

    events = extract(Report(id="r", lang="en", text="A man drove a van into a crowd of diners in Nice, injuring 9."))
    assert [(e.location, e.wounded) for e in events] == [("Nice", 9)]
