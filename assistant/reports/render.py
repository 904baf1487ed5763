"""The report in four forms: JSON (for machines), CSV (for spreadsheets), text and HTML (for people).

All four are drawn from the same `WeeklyFigures`, and hold counts only: no requester, no
subject, no message text ever reaches a report. The HTML is an email: inline CSS (mail
clients drop <style> blocks), tables for layout, no script, the chart by reference (`cid:`
in the mail, a data: URI in a file), through an autoescaping Jinja2 environment.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from typing import Any

from jinja2 import Environment, PackageLoader

from assistant.reports.names import (
    CHANNEL_NAMES,
    NOISE_NAMES,
    intent_name,
    intent_order,
    language_name,
)
from assistant.reports.queries import WeeklyFigures

FORMATS = ("html", "text", "json", "csv")
# The mail and the text list the most frequent (predicted, corrected) pairs; JSON and CSV list all.
SHOWN_PAIRS = 8

FOOTNOTES = (
    "Weeks run from Monday 00:00 to the next Monday 00:00, local time ({zone}).",
    "Opened: requests received in the week, machine-generated mail (noise) left out. Each counts once under "
    "its primary intent; \"any intent\" counts it under every intent it carries.",
    "Email includes mail handed over by the mail server through the pipe.",
    "Answered: requests whose first reply was approved in the week. Time to reply runs from receipt to that "
    "approval; median and 90th percentile by linear interpolation.",
    "Overdue and due in the next 7 days: as of the end of the week, requests with no approved reply that "
    "were not closed.",
    "Replies approved: \"as drafted\" were approved as the templates wrote them, \"edited\" after a change "
    "by staff. A reply answering two intents counts under both.",
    "Flagged for review: requests opened in the week that the classifier was not sure of. Reclassified: "
    "corrections staff made in the week (the predicted primary intent and the corrected one).",
    "Noise: machine-generated messages received in the week (auto-replies, bounces...); they open no request.",
)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def report_json(figures: WeeklyFigures) -> dict[str, Any]:
    """The machine form (a public interface: keys are only ever added)."""
    week = figures.week
    return {
        "week": week.label,
        "timezone": week.zone,
        "start": week.start.isoformat(),
        "end": week.end.isoformat(),
        "generated_at": figures.generated_at.isoformat(timespec="seconds"),
        "opened": figures.opened,
        "by_primary": figures.by_primary,
        "by_intent": figures.by_intent,
        "previous_week": {
            "week": week.shifted(-1).label,
            "opened": figures.previous_opened,
            "by_primary": figures.previous_by_primary,
            "by_intent": figures.previous_by_intent,
        },
        "change": {
            "opened": figures.opened - figures.previous_opened,
            "by_primary": _change(figures.by_primary, figures.previous_by_primary),
            "by_intent": _change(figures.by_intent, figures.previous_by_intent),
        },
        "by_channel": figures.by_channel,
        "by_language": figures.by_language,
        "answered": figures.answered,
        "median_hours_to_reply": _round(figures.median_hours_to_reply),
        "p90_hours_to_reply": _round(figures.p90_hours_to_reply),
        "fulfilled": figures.fulfilled,
        "share_fulfilled_in_time": (None if figures.share_fulfilled_in_time is None
                                    else round(figures.share_fulfilled_in_time, 3)),
        "median_days_to_fulfilment": _round(figures.median_days_to_fulfilment),
        "overdue": figures.overdue,
        "due_next_7_days": figures.due_next_7_days,
        "drafts": {
            "approved_unedited": figures.drafts_approved_unedited,
            "approved_edited": figures.drafts_approved_edited,
            "by_intent": {label: {"unedited": figures.drafts_unedited.get(label, 0),
                                  "edited": figures.drafts_edited.get(label, 0)}
                          for label in intent_order(figures.drafts_unedited | figures.drafts_edited)},
        },
        "needs_review": figures.needs_review,
        "reclassified": figures.reclassified,
        "reclassifications": [{"predicted": item.predicted, "corrected": item.corrected, "count": item.count}
                              for item in figures.reclassifications],
        "noise": figures.noise,
        "noise_by_kind": figures.noise_by_kind,
        "noise_by_rule": figures.noise_by_rule,
        "trend": [{"week": item.week, "opened": item.opened, "by_primary": item.by_primary}
                  for item in figures.trend],
    }


def _change(now: dict[str, int], before: dict[str, int]) -> dict[str, int]:
    return {label: now.get(label, 0) - before.get(label, 0) for label in intent_order(now | before)}


def render_json(figures: WeeklyFigures) -> str:
    return json.dumps(report_json(figures), ensure_ascii=False, indent=2) + "\n"


def render_csv(figures: WeeklyFigures) -> str:
    """One figure a row: `section,key,value,previous_week` (previous_week empty where it has no meaning)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["week", "section", "key", "value", "previous_week"])
    label = figures.week.label

    def row(section: str, key: str, value: object, previous: object = "") -> None:
        writer.writerow([label, section, key, "" if value is None else value, previous])

    row("summary", "opened", figures.opened, figures.previous_opened)
    for name in ("answered", "median_hours_to_reply", "p90_hours_to_reply", "fulfilled", "share_fulfilled_in_time",
                 "median_days_to_fulfilment", "overdue", "due_next_7_days",
                 "needs_review", "reclassified", "noise"):
        value = getattr(figures, name)
        row("summary", name, _round(value) if isinstance(value, float) else value)
    for key in intent_order(figures.by_primary):
        row("by_primary", key, figures.by_primary[key], figures.previous_by_primary.get(key, 0))
    for key in intent_order(figures.by_intent):
        row("by_intent", key, figures.by_intent[key], figures.previous_by_intent.get(key, 0))
    for section, counts in (("by_channel", figures.by_channel), ("by_language", figures.by_language),
                            ("drafts_unedited", figures.drafts_unedited), ("drafts_edited", figures.drafts_edited),
                            ("noise_by_kind", figures.noise_by_kind)):
        for key, value in counts.items():
            row(section, key, value)
    for item in figures.reclassifications:
        row("reclassified", f"{item.predicted}->{item.corrected}", item.count)
    for item in figures.trend:
        row("trend_opened", item.week, item.opened)
    return buffer.getvalue()


# -- for people ------------------------------------------------------------------------------------

def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"\u2212{-value}")


def _hours(value: float | None) -> str:
    if value is None:
        return "\u2013"
    if value >= 48:
        return f"{value:.1f} h ({value / 24:.1f} days)"
    return f"{value:.1f} h"


def _date_span(figures: WeeklyFigures) -> str:
    monday, sunday = figures.week.monday, figures.week.sunday
    if monday.month == sunday.month:
        return f"{monday.day}\u2013{sunday.day} {sunday:%B %Y}"
    if monday.year == sunday.year:
        return f"{monday.day} {monday:%B} \u2013 {sunday.day} {sunday:%B %Y}"
    return f"{monday.day} {monday:%B %Y} \u2013 {sunday.day} {sunday:%B %Y}"


def subject_line(figures: WeeklyFigures) -> str:
    return f"Privacy inbox weekly report, {figures.week.label} ({_date_span(figures)})"


def _view(figures: WeeklyFigures) -> dict[str, Any]:
    """The numbers laid out for the templates: rows already ordered and named."""
    intents = intent_order(figures.by_primary | figures.by_intent | figures.previous_by_primary)
    drafts = []
    for label in intent_order(figures.drafts_unedited | figures.drafts_edited):
        unedited, edited = figures.drafts_unedited.get(label, 0), figures.drafts_edited.get(label, 0)
        if unedited or edited:
            drafts.append({"name": intent_name(label), "unedited": unedited, "edited": edited,
                           "share": f"{100 * unedited / (unedited + edited):.0f}%"})
    total_drafts = figures.drafts_approved_unedited + figures.drafts_approved_edited
    return {
        "week": figures.week.label,
        "span": _date_span(figures),
        "zone": figures.week.zone,
        "previous_week": figures.week.shifted(-1).label,
        "opened": figures.opened,
        "previous_opened": figures.previous_opened,
        "opened_change": _signed(figures.opened - figures.previous_opened),
        "answered": figures.answered,
        "median": _hours(figures.median_hours_to_reply),
        "p90": _hours(figures.p90_hours_to_reply),
        "fulfilled": figures.fulfilled,
        "in_time": (f"{100 * figures.share_fulfilled_in_time:.0f}%" if figures.share_fulfilled_in_time is not None
                    else "\u2013"),
        "days_to_fulfil": (f"{figures.median_days_to_fulfilment:.1f} days"
                           if figures.median_days_to_fulfilment is not None else "\u2013"),
        "overdue": figures.overdue,
        "due_soon": figures.due_next_7_days,
        "intents": [{"name": intent_name(label),
                     "primary": figures.by_primary.get(label, 0),
                     "any": figures.by_intent.get(label, 0),
                     "previous": figures.previous_by_primary.get(label, 0),
                     "change": _signed(figures.by_primary.get(label, 0) - figures.previous_by_primary.get(label, 0))}
                    for label in intents],
        "channels": [{"name": CHANNEL_NAMES.get(key, key), "count": count}
                     for key, count in figures.by_channel.items()],
        "languages": [{"name": language_name(key), "count": count} for key, count in figures.by_language.items()],
        "drafts": drafts,
        "drafts_total": total_drafts,
        "drafts_unedited": figures.drafts_approved_unedited,
        "drafts_edited": figures.drafts_approved_edited,
        "drafts_share": f"{100 * figures.drafts_approved_unedited / total_drafts:.0f}%" if total_drafts else "\u2013",
        "needs_review": figures.needs_review,
        "reclassified": figures.reclassified,
        "reclassifications": [{"predicted": intent_name(item.predicted), "corrected": intent_name(item.corrected),
                               "count": item.count} for item in figures.reclassifications[:SHOWN_PAIRS]],
        "more_pairs": len(figures.reclassifications[SHOWN_PAIRS:]),
        "more_reclassified": sum(item.count for item in figures.reclassifications[SHOWN_PAIRS:]),
        "noise": figures.noise,
        "noise_kinds": [{"name": NOISE_NAMES[key], "count": count} for key, count in figures.noise_by_kind.items()
                        if count or key in ("auto_reply", "bounce")],
        "footnotes": [note.format(zone=figures.week.zone) for note in FOOTNOTES],
    }


def render_text(figures: WeeklyFigures) -> str:
    """Plain text: the email's text/plain part and the terminal form. Columns line up in a monospace font."""
    view = _view(figures)
    lines = [subject_line(figures), "=" * len(subject_line(figures)), ""]
    lines += [
        f"Requests opened     {view['opened']:>6}   ({view['opened_change']} on {view['previous_week']})",
        f"Answered            {view['answered']:>6}",
        f"Time to reply       median {view['median']}, 90th percentile {view['p90']}",
        f"Fulfilled           {view['fulfilled']:>6}   ({view['in_time']} within the deadline; "
        f"median {view['days_to_fulfil']} from receipt)",
        f"Overdue             {view['overdue']:>6}",
        f"Due in next 7 days  {view['due_soon']:>6}",
        "",
        "Requests by intent",
        f"  {'':<22}{'primary':>8}{'any':>8}{'previous':>10}{'change':>8}",
    ]
    lines += [f"  {row['name']:<22}{row['primary']:>8}{row['any']:>8}{row['previous']:>10}{row['change']:>8}"
              for row in view["intents"]]
    lines += ["", "By channel"] + [f"  {row['name']:<22}{row['count']:>8}" for row in view["channels"]]
    lines += ["", "By language"] + [f"  {row['name']:<22}{row['count']:>8}" for row in view["languages"]]
    lines += ["", f"Replies approved      {view['drafts_total']} ({view['drafts_share']} as drafted)",
              f"  {'':<22}{'as drafted':>12}{'edited':>8}"]
    lines += [f"  {row['name']:<22}{row['unedited']:>12}{row['edited']:>8}" for row in view["drafts"]]
    lines += ["", "Classifier", f"  Flagged for review  {view['needs_review']:>8}",
              f"  Reclassified        {view['reclassified']:>8}"]
    lines += [f"    {row['predicted']} -> {row['corrected']}: {row['count']}" for row in view["reclassifications"]]
    if view["more_pairs"]:
        lines.append(f"    and {view['more_reclassified']} more in {view['more_pairs']} other pairs")
    lines += ["", f"Noise                 {view['noise']}"]
    lines += [f"  {row['name']:<22}{row['count']:>8}" for row in view["noise_kinds"]]
    lines += ["", "Notes"] + [f"  {index}. {note}" for index, note in enumerate(view["footnotes"], 1)]
    return "\n".join(lines) + "\n"


_environment = Environment(loader=PackageLoader("assistant.reports", "templates"), autoescape=True,
                           trim_blocks=True, lstrip_blocks=True)


def render_html(figures: WeeklyFigures, *, chart_src: str | None) -> str:
    """The email body. `chart_src` is `cid:...` in a mail, a data: URI in a file, None for no chart."""
    return _environment.get_template("report.html.j2").render(chart_src=chart_src, **_view(figures))


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
