"""The report's picture: this week's intents beside last week's, and the 8-week trend, as PNG bytes.

Matplotlib's object API on the Agg canvas (no pyplot): no display, no global figure state,
so the scheduler can draw in a worker thread while the service's loop keeps serving.
"""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from assistant.reports.names import intent_name, intent_order
from assistant.reports.queries import WeeklyFigures

# Colour-blind-safe qualitative palette (Okabe-Ito), one colour per label, fixed across weeks.
PALETTE = {
    "access": "#0072B2", "deletion": "#D55E00", "opt_out": "#009E73", "complaint": "#CC79A7",
    "rectification": "#E69F00", "portability": "#56B4E9", "objection": "#8C6D31", "question": "#999999",
    "other": "#DDDDDD", "unclassified": "#444444",
}
THIS_WEEK, PREVIOUS_WEEK = "#0072B2", "#C7CED8"
WIDTH_INCHES, DPI = 6.4, 150  # drawn at 960 px, shown at 640 px: sharp on high-density screens


def _short_name(label: str) -> str:
    return "Other" if label == "other" else intent_name(label)  # legends have little room


def render_chart(figures: WeeklyFigures) -> bytes:
    figure = Figure(figsize=(WIDTH_INCHES, 6.4), dpi=DPI, layout="constrained")
    figure.get_layout_engine().set(h_pad=0.12)
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1, height_ratios=[1.15, 1])
    _this_week(top, figures)
    _trend(bottom, figures)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor="white")
    return buffer.getvalue()


def _style(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=8, colors="#374151")
    axes.title.set_color("#111827")


def _this_week(axes: Axes, figures: WeeklyFigures) -> None:
    labels = [label for label in intent_order(figures.by_primary | figures.previous_by_primary)
              if figures.by_primary.get(label) or figures.previous_by_primary.get(label)]
    axes.set_title(f"Requests opened in {figures.week.label}, by primary intent", fontsize=10, loc="left")
    _style(axes)
    if not labels:
        axes.text(0.5, 0.5, "No requests this week or the week before", ha="center", va="center",
                  fontsize=9, color="#6b7280", transform=axes.transAxes)
        axes.set_xticks([])
        axes.set_yticks([])
        return
    labels.reverse()  # barh draws bottom-up; the report reads top-down
    positions = range(len(labels))
    now = [figures.by_primary.get(label, 0) for label in labels]
    before = [figures.previous_by_primary.get(label, 0) for label in labels]
    # This week above last week in each pair, in the colour of the report's header.
    axes.barh([p + 0.2 for p in positions], now, height=0.38, color=THIS_WEEK, label=figures.week.label)
    axes.barh([p - 0.2 for p in positions], before, height=0.38, color=PREVIOUS_WEEK,
              label=f"{figures.week.shifted(-1).label} (week before)")
    for offset, counts in ((0.2, now), (-0.2, before)):
        for position, count in zip(positions, counts, strict=True):
            if count:
                axes.annotate(str(count), (count, position + offset), xytext=(3, 0), textcoords="offset points",
                              va="center", fontsize=7.5, color="#111827" if offset > 0 else "#6b7280")
    axes.set_yticks(list(positions), [intent_name(label) for label in labels])
    axes.set_xlim(0, max([*now, *before, 1]) * 1.12)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend(fontsize=7.5, frameon=False, loc="lower right")


def _trend(axes: Axes, figures: WeeklyFigures) -> None:
    weeks = [item.week for item in figures.trend]
    shown = [label for label in intent_order({k: 0 for item in figures.trend for k in item.by_primary})
             if any(item.by_primary.get(label) for item in figures.trend)]
    base = [0] * len(weeks)
    for label in shown:
        counts = [item.by_primary.get(label, 0) for item in figures.trend]
        axes.bar(range(len(weeks)), counts, bottom=base, color=PALETTE.get(label, "#444"), width=0.7,
                 label=_short_name(label))
        base = [low + count for low, count in zip(base, counts, strict=True)]
    for index, total in enumerate(base):
        axes.annotate(str(total), (index, total), xytext=(0, 2), textcoords="offset points", ha="center",
                      fontsize=7.5, color="#111827")
    axes.set_xticks(range(len(weeks)), [week.split("-")[1] for week in weeks], fontsize=8)
    axes.set_title(f"Requests opened over the last {len(weeks)} weeks, by primary intent", fontsize=10, loc="left")
    axes.yaxis.get_major_locator().set_params(integer=True)
    if shown:
        axes.legend(fontsize=7, frameon=False, ncols=min(len(shown), 5), loc="upper left",
                    bbox_to_anchor=(0, -0.12))
    axes.set_ylim(0, max([*base, 1]) * 1.15)
    _style(axes)
