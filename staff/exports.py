"""Downloads of the allowance report: XLSX (openpyxl), CSV and PDF (fpdf2 with DejaVu Sans, which has
every Kazakh letter). They are built in the active language; the views switch to the one asked for."""
from __future__ import annotations

import csv
import io
import logging
from decimal import Decimal
from pathlib import Path

import matplotlib
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import charts
from .calculation import Line
from .reports import Report

MONEY_FORMAT = "#,##0.00"
# fpdf2 subsets the font through fontTools, which logs every step at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


# A text cell starting with one of these is a formula to a spreadsheet. Names, rules and archives are
# typed in by administrators (a regional one included), and the file is opened by others.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never evaluates: risky text gets a leading apostrophe."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    return str(value)


def line_headers() -> list[str]:
    return [_("Month"), _("Staff member"), _("IIN"), _("Archive code"), _("Archive"), _("Region"), _("Position"),
            _("From"), _("To"), _("Base salary"), _("Days"), _("Days in month"), _("Rate"), _("Percent"),
            _("Rule"), _("Amount")]


def line_row(ln: Line) -> list:
    return [ln.month_label, ln.staff_member.full_name, ln.staff_member.iin, ln.archive.code, ln.archive.name,
            ln.archive.region.name, ln.position.title, ln.start.isoformat(), ln.end.isoformat(), ln.base_salary,
            ln.days, ln.days_in_month, ln.rate, ln.percent, ln.rule.name, ln.amount]


def filename(report: Report, extension: str) -> str:
    scope = report.archive.code if report.archive else report.region.code if report.region else "national"
    return f"allowances-{report.period.label}-{scope}-{get_language() or 'ru'}.{extension}"


def title(report: Report) -> str:
    return _("Rural allowance report")


def subtitle(report: Report) -> str:
    return _("Period: %(period)s · Scope: %(scope)s") % {"period": report.period.label, "scope": report.scope_label}


# ---------------------------------------------------------------- CSV
def report_csv(report: Report) -> bytes:
    """One row per line, then the total; money as plain decimals, UTF-8 with a BOM for spreadsheets."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(line_headers())
    for ln in report.lines:
        writer.writerow([csv_text(v) for v in line_row(ln)])
    writer.writerow([_("Total")] + [""] * (len(line_headers()) - 2) + [str(report.total)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# ---------------------------------------------------------------- XLSX
def _sheet_title(text: str) -> str:
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31]


class _Sheet:
    """A write-only worksheet (streams rows: a national year is tens of thousands of them)."""

    def __init__(self, wb: Workbook, title: str, widths: list[int]):
        self.ws = wb.create_sheet(_sheet_title(title))
        for i, w in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = w

    def cell(self, value, *, bold: bool = False, money: bool = False, size: int | None = None):
        risky = isinstance(value, str) and value.startswith("=")
        if not (bold or money or size or risky):
            return value  # a plain value is written without a cell object (most of the cells)
        cell = WriteOnlyCell(self.ws, value=value)
        if risky:
            cell.data_type = "s"  # openpyxl would store text starting with "=" as a live formula
        if bold or size:
            cell.font = Font(bold=bold, size=size or 11)
        if money:
            cell.number_format = MONEY_FORMAT
        return cell

    def row(self, values: list, *, money_cols: frozenset[int] = frozenset(), bold: bool = False) -> None:
        self.ws.append([self.cell(v, bold=bold, money=i in money_cols) for i, v in enumerate(values, 1)])

    def table(self, headers: list[str], rows, money_cols: frozenset[int], total_col: int | None, total) -> None:
        self.row(headers, bold=True)
        for values in rows:
            self.row(values, money_cols=money_cols)
        if total_col is not None:
            self.row([_("Total")] + [None] * (total_col - 2) + [total], money_cols=frozenset({total_col}), bold=True)


def report_xlsx(report: Report) -> bytes:
    """Summary (with regions), by archive, by month, entitled staff, and every line with its inputs."""
    wb = Workbook(write_only=True)
    summary = _Sheet(wb, _("Summary"), [34, 40, 12, 16, 18, 12, 14])
    summary.ws.append([summary.cell(title(report), bold=True, size=14)])
    summary.ws.append([subtitle(report)])
    summary.ws.append([])
    facts = [(_("Total allowance, tenge"), report.total), (_("Entitled staff"), report.staff_count),
             (_("Lines"), len(report.lines)), (_("Trainings completed"), report.trainings),
             (_("Training hours"), report.training_hours),
             (_("Prepared"), timezone.localtime().strftime("%Y-%m-%d %H:%M"))]
    for label, value in facts:
        summary.ws.append([summary.cell(label, bold=True), summary.cell(value, money=isinstance(value, Decimal))])
    summary.ws.append([])
    summary.table([_("Region code"), _("Region"), _("Archives"), _("Entitled staff"), _("Amount"), _("Trainings"),
                   _("Training hours")],
                  ([r.region.code, r.region.name, r.archive_count, r.staff_count, r.amount, r.trainings,
                    r.training_hours] for r in report.by_region), frozenset({5}), 5, report.total)

    _Sheet(wb, _("By archive"), [16, 44, 28, 14, 10, 18, 12, 14]).table(
        [_("Archive code"), _("Archive"), _("Region"), _("Entitled staff"), _("Lines"), _("Amount"), _("Trainings"),
         _("Training hours")],
        ([a.archive.code, a.archive.name, a.archive.region.name, a.staff_count, a.lines, a.amount, a.trainings,
          a.training_hours] for a in report.by_archive), frozenset({6}), 6, report.total)

    _Sheet(wb, _("By month"), [12, 16, 18, 12]).table(
        [_("Month"), _("Entitled staff"), _("Amount"), _("Forecast")],
        ([m.label, m.staff_count, m.amount, _("yes") if m.forecast else ""] for m in report.trend),
        frozenset({3}), None, None)

    _Sheet(wb, _("Entitled staff"), [36, 14, 14, 40, 30, 8, 16]).table(
        [_("Staff member"), _("IIN"), _("Archive code"), _("Archive"), _("Position"), _("Lines"), _("Amount")],
        ([e.member.full_name, e.member.iin, e.archive.code, e.archive.name, e.lines[-1].position.title,
          len(e.lines), e.amount] for e in report.entitled), frozenset({7}), 7, report.total)

    lines = _Sheet(wb, _("Lines"), [9, 34, 14, 14, 36, 24, 28, 11, 11, 14, 6, 8, 7, 8, 30, 14])
    lines.ws.freeze_panes = "A2"
    lines.table(line_headers(), (line_row(ln) for ln in report.lines), frozenset({10, 16}), 16, report.total)

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- PDF
def money(value: Decimal) -> str:
    """1 234 567,89: the way tenge are written in Kazakh and Russian documents."""
    return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")


def _rate(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


class _ReportPDF(FPDF):
    """A4 landscape with page numbers in the footer."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.set_text_color(91, 102, 117)
        self.cell(0, 8, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="R")


class _Measure:
    """String widths from cached per-letter widths: fpdf2 measures a whole string in about 70 µs, and a
    national report has tens of thousands of cells (fpdf2 does not kern, so the sum is exact)."""

    def __init__(self, pdf: FPDF):
        self.pdf = pdf
        self.cache: dict[tuple[str, str], float] = {}

    def width(self, text: str) -> float:
        style, size = self.pdf.font_style, self.pdf.font_size_pt
        total = 0.0
        for ch in text:
            key = (style, ch)
            if key not in self.cache:
                self.cache[key] = self.pdf.get_string_width(ch) / size
            total += self.cache[key]
        return total * size

    def fit(self, text: str, room: float) -> str:
        """The text, shortened with an ellipsis to fit `room` mm."""
        if self.width(text) <= room:
            return text
        while text and self.width(text + "…") > room:
            text = text[:-1]
        return text + "…"


def _table(pdf: FPDF, measure: _Measure, headers: list[str], rows: list[list[str]], widths: tuple, align: str,
           total: list[str] | None = None) -> None:
    """A one-line-per-row table, the header repeated on each page, the total row in bold. Text is placed
    with text(): fpdf2's table() took 20 ms a row and cell() 4 ms, too slow for the whole country."""
    height, pad, size = 5.0, 1.0, 7.5
    left, right = pdf.l_margin, pdf.l_margin + sum(widths)

    def put(values: list[str], y: float) -> None:
        x = left
        for text, w, a in zip(values, widths, align, strict=True):
            text = measure.fit(text, w - 2 * pad)
            tx = x + w - pad - measure.width(text) if a == "R" else x + pad
            pdf.text(tx, y + height - 1.5, text)
            x += w

    def header() -> None:
        y = pdf.get_y()
        pdf.set_fill_color(238, 242, 247)
        pdf.rect(left, y, right - left, height + 1, style="F")
        pdf.set_font("DejaVu", "B", size)
        put(headers, y + 0.5)
        pdf.set_y(y + height + 1)

    def row(values: list[str], style: str) -> None:
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            header()
        y = pdf.get_y()
        pdf.set_font("DejaVu", style, size)
        put(values, y)
        pdf.line(left, y + height, right, y + height)
        pdf.set_y(y + height)

    pdf.set_draw_color(213, 219, 227)
    header()
    for values in rows:
        row(values, "")
    if total is not None:
        row(total, "B")
    pdf.set_font("DejaVu", size=8)
    pdf.ln(4)


def report_pdf(report: Report, *, region_png: bytes | None = None, month_png: bytes | None = None) -> bytes:
    """The printable report: totals, both charts and every line with its explanation."""
    pdf = _ReportPDF(orientation="L", unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"{title(report)} {report.period.label}")
    pdf.set_lang(get_language() or "ru")
    pdf.set_creator(_("National Archive"))
    pdf.footer_text = f"{title(report)} · {report.period.label} · {report.scope_label}"
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    measure = _Measure(pdf)

    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 10, title(report), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=10)
    pdf.cell(0, 6, subtitle(report), new_x="LMARGIN", new_y="NEXT")
    prepared = timezone.localtime().strftime("%d.%m.%Y %H:%M")
    pdf.cell(0, 6, _("Prepared: %(when)s") % {"when": prepared}, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 7, _("Total allowance: %(total)s tenge · entitled staff: %(staff)s · trainings completed: "
                     "%(trainings)s (%(hours)s h)") % {"total": money(report.total), "staff": report.staff_count,
                                                       "trainings": report.trainings,
                                                       "hours": report.training_hours},
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    _table(pdf, measure, [_("Region"), _("Archives"), _("Entitled staff"), _("Trainings"), _("Training hours"), _("Amount")],
           [[r.region.name, str(r.archive_count), str(r.staff_count), str(r.trainings), str(r.training_hours),
             money(r.amount)] for r in report.by_region], (90, 25, 50, 25, 40, 45), "LRRRRR",
           total=[_("Total"), "", str(report.staff_count), str(report.trainings), str(report.training_hours),
                  money(report.total)])

    region_png = region_png or charts.region_chart(report)
    month_png = month_png or charts.month_chart(report)
    if pdf.get_y() > 110:
        pdf.add_page()
    top, half = pdf.get_y(), (pdf.epw - 8) / 2
    left = pdf.image(io.BytesIO(region_png), x=pdf.l_margin, y=top, w=half)
    right = pdf.image(io.BytesIO(month_png), x=pdf.l_margin + half + 8, y=top, w=half)
    pdf.set_y(top + max(left.rendered_height, right.rendered_height) + 4)

    pdf.add_page()
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 8, _("By archive"), new_x="LMARGIN", new_y="NEXT")
    _table(pdf, measure, [_("Archive code"), _("Archive"), _("Region"), _("Entitled staff"), _("Trainings"), _("Amount")],
           [[a.archive.code, a.archive.name, a.archive.region.name, str(a.staff_count), str(a.trainings),
             money(a.amount)] for a in report.by_archive], (26, 88, 55, 45, 25, 38), "LLLRRR",
           total=["", _("Total"), "", str(report.staff_count), str(report.trainings), money(report.total)])

    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 8, _("Entitled staff and how each amount was computed"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=8)
    pdf.multi_cell(0, 4, _("Amount = base salary × percent ÷ 100 × rate × days ÷ days in month, rounded half-up "
                           "to the tiyn."), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _table(pdf, measure, [_("Month"), _("Staff member"), _("Archive code"), _("Position"), _("From"), _("To"),
                 _("Base salary"), _("Days"), _("Rate"), _("Percent"), _("Amount")],
           [[ln.month_label, ln.staff_member.full_name, ln.archive.code, ln.position.title,
             ln.start.strftime("%d.%m"), ln.end.strftime("%d.%m"), money(ln.base_salary),
             f"{ln.days}/{ln.days_in_month}", _rate(ln.rate), f"{_rate(ln.percent)}%", money(ln.amount)]
            for ln in report.lines], (15, 52, 26, 42, 14, 13, 31, 15, 22, 14, 27), "LLLLLLRRRRR",
           total=["", _("Total"), "", "", "", "", "", "", "", "", money(report.total)])
    if report.lines:
        rules = sorted({ln.rule for ln in report.lines}, key=lambda r: r.valid_from)
        pdf.set_font("DejaVu", size=8)
        for rule in rules:
            pdf.multi_cell(0, 4, _("Rule from %(date)s: %(name)s, %(percent)s%% (%(basis)s)") % {
                "date": rule.valid_from.strftime("%d.%m.%Y"), "name": rule.name, "percent": _rate(rule.percent),
                "basis": rule.basis or "—"}, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
