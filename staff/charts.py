"""Charts of the allowance report (matplotlib's Agg canvas, no pyplot global state): PNG bytes for the page and the PDF."""
from __future__ import annotations

import base64
import io

from django.utils.translation import gettext as _
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .reports import Report
from .templatetags.staff_format import money

PRIMARY = "#0b5c8e"
FORECAST = "#9ec3dc"


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    return buf.getvalue()


def _money_axis(ax) -> None:
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}".replace(",", " ")))


def region_chart(report: Report) -> bytes:
    """Horizontal bars: the allowance total of each region."""
    regions = [r for r in report.by_region if r.amount]
    height = max(2.0, 0.4 * len(regions) + 1.1)
    fig = Figure(figsize=(7, height))
    ax = fig.add_subplot()
    if regions:
        names = [r.region.name for r in regions][::-1]
        values = [float(r.amount) for r in regions][::-1]
        bars = ax.barh(names, values, color=PRIMARY)
        ax.bar_label(bars, labels=[money(r.amount) for r in regions][::-1], padding=3, fontsize=9)
        ax.tick_params(labelsize=9)
        ax.margins(x=0.2)
        _money_axis(ax)
    else:
        ax.text(0.5, 0.5, _("No allowances in this period."), ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
        ax.set_xticks([])
    ax.set_title(_("Allowance by region, tenge") + f" · {report.period.label}", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def month_chart(report: Report) -> bytes:
    """Vertical bars: the total of each month of the year (up to the report's month)."""
    fig = Figure(figsize=(7, 3))
    ax = fig.add_subplot()
    positions = list(range(len(report.trend)))
    values = [float(m.amount) for m in report.trend]
    colors = [FORECAST if m.forecast else PRIMARY for m in report.trend]
    ax.bar(positions, values, color=colors)
    ax.set_xticks(positions, [m.month.strftime("%m") for m in report.trend])
    ax.tick_params(labelsize=9)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}".replace(",", " ")))
    ax.set_title(_("Allowance by month, tenge") + f" · {report.period.year}", fontsize=11)
    ax.set_xlabel(_("Month"))
    if any(m.forecast for m in report.trend):
        ax.text(1, -0.22, _("Light bars: forecast from today's data"), ha="right", va="top",
                transform=ax.transAxes, fontsize=8, color="#5b6675")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
