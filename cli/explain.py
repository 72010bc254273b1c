"""``incidents explain``: each report with the words behind every value marked, the
reason for each value, and what was set aside (incidents.explain decides; this draws)."""
from __future__ import annotations

import re
import sys
from typing import Optional

import typer

from .app import EXIT_INPUT_ERRORS, EXIT_OK, _checked_country, _choice, _error, _lang_choice, _parse_day, app

#: One style per kind of words; the legend shows them in this order.
STYLES = {
    "attack": "bold red",
    "date": "bold cyan",
    "place": "bold green",
    "killed": "bold white on red",
    "wounded": "black on yellow",
    "perpetrator": "bold magenta",
    "target": "bold blue",
    "set aside": "dim underline",
}
_LABEL = 12  # width of the value names ("perpetrator")


@app.command()
def explain(
    paths: list[str] = typer.Argument(..., help="Files, folders (walked recursively) or - for standard input."),
    fmt: str = typer.Option("text", "--format", "-f", **_choice(("text", "json"), "unknown format {value!r} (use {choices})"),
                            help="text (marked report and reasons) or json (the same as data, with offsets into "
                                 "each report's text)."),
    published: Optional[str] = typer.Option(None, "--published", metavar="YYYY-MM-DD",
                                            help="Publication date for reports that carry none."),
    lang: Optional[str] = typer.Option(None, "--lang", **_lang_choice(),
                                       help="Treat every report as this language."),
    country: Optional[str] = typer.Option(None, "--country",
                                          help="Prefer places in this country (ISO 3166-1 alpha-2)."),
    encoding: Optional[str] = typer.Option(None, "--encoding",
                                           help="Read files in this encoding instead of detecting it."),
    date_order: str = typer.Option("auto", "--date-order",
                                   **_choice(("auto", "dmy", "mdy"), "unknown order {value!r} (use {choices})"),
                                   help="How numeric dates that fit both ways read (03/07/2018)."),
    bidi: str = typer.Option(
        "auto", "--bidi", **_choice(("auto", "visual", "logical"), "unknown mode {value!r} (use {choices})"),
        help="Right-to-left text: visual (put each line in display order), logical (as written, for "
             "terminals that reorder it themselves), or auto: visual on a terminal that does not."),
) -> None:
    """Show why each value of each event was read, and what was set aside and why."""
    from rich.console import Console

    from incidents.explain import explain as explain_report
    from incidents.model import ReadError
    from incidents.readers import read_reports

    country = _checked_country(country)
    pub_day = _parse_day(published, "--published")
    order = None if date_order == "auto" else date_order
    console = Console(highlight=False)
    visual = bidi == "visual" or (bidi == "auto" and console.is_terminal and not _terminal_reorders())
    failed = False
    shown = []
    for item in read_reports(paths, stdin=sys.stdin.buffer, encoding=encoding, published=pub_day):
        if isinstance(item, ReadError):  # named, and the run goes on
            _error(str(item))
            failed = failed or not item.warning
            continue
        found = explain_report(item, lang=lang, country=country, date_order=order)
        if fmt == "json":
            shown.append(found.to_dict())
        else:
            _show(found, console, visual)
    if fmt == "json":
        import json

        sys.stdout.write(json.dumps(shown, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(EXIT_INPUT_ERRORS if failed else EXIT_OK)


def _terminal_reorders() -> bool:
    from .bidi import terminal_reorders

    return terminal_reorders()


def _show(found, console, visual: bool) -> None:
    """One report: a rule naming it, its text with the marked words, the legend, each event
    with a reason per value, and what was set aside."""
    from rich.rule import Rule
    from rich.text import Text

    from .bidi import is_rtl

    report = found.report
    head = " · ".join(x for x in (report.origin or report.id, found.lang,
                                  f"published {found.published}" if found.published else "no publication date") if x)
    console.print(Rule(Text(head), align="left"))
    plain = not console.color_system
    for paragraph in _marked(report.text, found.spans(), plain).split("\n"):
        _lines(console, paragraph, visual, rtl=is_rtl(paragraph.plain))
    legend = Text("  ").join(Text(name, style=style) for name, style in STYLES.items())
    console.print(legend)
    if not found.events:
        console.print(Text("No attack event in this report."))
    for n, e in enumerate(found.events, 1):
        ev = e.event
        title = " · ".join(str(x) for x in (
            ev.date or "undated", ", ".join(p for p in (ev.location, ev.country) if p) or "no place",
            ev.event_type, f"{_count(ev.killed)} killed", f"{_count(ev.wounded)} wounded") if x)
        console.print(Text(f"\nEvent {n} of {len(found.events)}: {title}", style="bold"))
        for v in e.values:
            _lines(console, Text(_isolated(v.reason), style=STYLES.get(_FIELD.get(v.field, v.field), "")), visual,
                   f"  {v.field:<{_LABEL}}")
        evidence = " ".join(e.evidence.text.split())
        _lines(console, Text(evidence, style="italic"), visual, f"  {'evidence':<{_LABEL}}", rtl=is_rtl(evidence))
    if found.rejected:
        console.print(Text("\nSet aside", style="bold"))
        for r in found.rejected:
            words = Text(_isolated(f"'{' '.join(r.span.text.split())}'"), style=STYLES["set aside"])
            _lines(console, words + Text(f": {r.reason}"), visual, f"  {r.kind:<{_LABEL}}")
    console.print()


_FIELD = {"type": "attack"}

#: A closing quotation mark after right-to-left words.
_RTL_QUOTE = re.compile(r"(?<=[\u0590-\u08ff])'")


def _isolated(reason: str) -> str:
    """``reason`` with a left-to-right mark after each quoted right-to-left phrase: the
    English around it ("'يوم الاربعاء الماضي' → 2019-02-27") then keeps its order in any
    bidirectional display, instead of joining the Arabic run."""
    return _RTL_QUOTE.sub("'\u200e", reason)


def _count(n: int | None) -> str:
    return "?" if n is None else str(n)


def _marked(text: str, spans, plain: bool):
    """The report's text with each span in its field's style; without colours (NO_COLOR, a
    pipe), in brackets, so that the marks survive."""
    from rich.text import Text

    if not plain:
        out = Text(text)
        for s in spans:
            out.stylize(STYLES.get(s.field, ""), s.start, s.end)
        return out
    out, at = Text(), 0
    for s in spans:
        if s.start < at:  # inside a span already bracketed
            continue
        out.append(text[at:s.start])
        out.append(f"[{text[s.start:s.end]}]")
        at = s.end
    out.append(text[at:])
    return out


def _lines(console, text, visual: bool, label: str = "", rtl: bool = False) -> None:
    """Print ``text`` wrapped to the console after ``label``, later lines under the first;
    in visual mode each line in display order, and a right-to-left one (``rtl``) flush
    right, as it is read."""
    from rich.text import Text

    from .bidi import display_order

    rtl = visual and rtl
    width = max(console.width - len(label), 20)
    for n, line in enumerate(text.wrap(console, width)):
        line.rstrip()
        if visual:
            line = display_order(line, rtl)
        if rtl:
            line.pad_left(max(0, width - line.cell_len))
        console.print(Text(label if n == 0 else " " * len(label)) + line, soft_wrap=True, crop=False)
