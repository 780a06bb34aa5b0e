"""The destruction act as a PDF in Kazakh or Russian: a document the commission signs.

fpdf2 with matplotlib's DejaVuSans, which has every Kazakh letter (ә ғ қ ң ө ұ ү һ і)."""
from __future__ import annotations

from pathlib import Path

import matplotlib
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF
from fpdf.fonts import FontFace

from holdings import access

from . import selectors
from .choices import ActStatus
from .models import DestructionAct

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _dates(start, end) -> str:
    if start and end and start != end:  # a line each, so that a narrow column never splits a date
        return f"{start:%d.%m.%Y}–\n{end:%d.%m.%Y}"
    day = start or end
    return f"{day:%d.%m.%Y}" if day else "—"


def _ground(item) -> str:
    """"5 years, art. 158": the retention the schedule gives and its article."""
    if not item.article_number:
        return "—"
    article = _("art. %(number)s") % {"number": item.article_number}
    return f"{item.retention_label}, {article}" if item.retention_label else article


class ActDocument(FPDF):
    """A4 portrait with page numbers in the footer."""

    def __init__(self, footer_text: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(20, 15, 15)
        self.set_auto_page_break(True, margin=18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def act_pdf(act: DestructionAct, *, user, language: str) -> bytes:
    """The act in `language` ("kk" or "ru"); unit titles go through holdings.access like any page."""
    with translation.override(language):
        return _render(act, user, language)


def _years(items) -> str:
    """"of 1986–1990" (or "of 1986"), the span of the listed units, as the total of an act names it."""
    years = [d.year for item in items for d in (item.date_start, item.date_end) if d]
    if not years:
        return ""
    first, last = min(years), max(years)
    if first == last:
        return _("of %(year)s") % {"year": first}
    return _("of %(first)s–%(last)s") % {"first": first, "last": last}


def _render(act: DestructionAct, user, language: str) -> bytes:
    case = act.case
    # Names and people as they were when the commission approved the act (DestructionAct.snapshot).
    archive_name = act.archive_name_in(language)
    commission_name = act.commission_name_in(language)
    items = list(selectors.act_items(act).iterator(chunk_size=1000))
    pdf = ActDocument(_("Destruction act № %(number)s of %(date)s") % {
        "number": act.number, "date": f"{act.date:%d.%m.%Y}"})
    pdf.set_title(str(_("Destruction act № %(number)s") % {"number": act.number}))
    pdf.set_creator("National Archive")
    pdf.add_page()
    width = pdf.epw

    # Head: the archive on the left, the approval block on the right.
    pdf.set_font("DejaVu", "B", 10)
    top = pdf.get_y()
    pdf.multi_cell(width * 0.5, 5, archive_name, align="L")
    left_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + width * 0.55, top)
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(width * 0.45, 5, _("APPROVED"), new_x="LEFT", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(width * 0.45, 5, _("Head of the archive"), new_x="LEFT", new_y="NEXT")
    pdf.cell(width * 0.45, 8, "_______________  /_______________/", new_x="LEFT", new_y="NEXT")
    pdf.cell(width * 0.45, 5, _("«___» ____________ 20___"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(left_bottom, pdf.get_y()) + 6)

    # Title.
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 7, pgettext("destruction act", "ACT № %(number)s") % {"number": act.number}, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(0, 5, f"{act.date:%d.%m.%Y}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, _("on selecting for destruction documents not subject to retention"), align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    # Ground.
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, _("On the basis of: %(basis)s") % {"basis": act.legal_basis_in(language)},
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.multi_cell(0, 5, _("The following documents have been selected for destruction as having no scientific or "
                           "historical value and having lost their practical significance:"),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    # The list.
    pdf.set_font("DejaVu", "", 8.5)
    heading = FontFace(emphasis="BOLD", fill_color=(230, 234, 240))
    with pdf.table(col_widths=(8, 26, 52, 22, 17, 30), text_align=("RIGHT", "LEFT", "LEFT", "LEFT", "RIGHT", "LEFT"),
                   headings_style=heading, line_height=4.5, padding=1) as table:
        row = table.row()
        for text in (_("No."), _("Reference code"), _("Title"), _("Dates"), _("Sheets"),
                     _("Retention and schedule article")):
            row.cell(str(text))
        for item in items:
            view = access.unit_view(item.unit, user)
            row = table.row()
            row.cell(str(item.position))
            row.cell(item.local_code)
            row.cell(view.title if view.redacted else item.title)
            row.cell(_dates(item.date_start, item.date_end))
            row.cell(str(item.extent_sheets) if item.extent_sheets is not None else "—")
            row.cell(_ground(item))
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 10)
    years = _years(items)
    total = (_("In all: %(units)d units of storage %(years)s, %(sheets)d sheets.") if years
             else _("In all: %(units)d units of storage, %(sheets)d sheets."))
    pdf.multi_cell(0, 5, total % {"units": act.item_count, "sheets": act.total_sheets, "years": years},
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    decided = timezone.localtime(case.decided_at) if case.decided_at else None
    pdf.multi_cell(0, 5, _("Approved by the %(commission)s, decision of %(date)s on appraisal case %(case)s.")
                   % {"commission": commission_name, "date": f"{decided:%d.%m.%Y}" if decided else "—",
                      "case": case.number}, new_x="LMARGIN", new_y="NEXT")
    vote = act.vote
    if vote.get("members"):
        pdf.multi_cell(0, 5, _("Votes: %(approvals)d to approve and %(returns)d to return, of %(members)d members "
                               "of the commission.") % vote, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    # Signatures: chair, secretary, members.
    def signature(role: str, name: str) -> None:
        if pdf.will_page_break(12):
            pdf.add_page()
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(width * 0.35, 8, role)
        pdf.cell(width * 0.3, 8, "____________________", align="C")
        pdf.cell(width * 0.35, 8, name, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 7)
        pdf.set_x(pdf.l_margin + width * 0.35)
        pdf.cell(width * 0.3, 3, _("(signature)"), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    signature(_("Chair of the commission"), act.chair_name)
    signature(_("Secretary of the commission"), act.secretary_name)
    others = act.other_member_names
    if others:
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(0, 7, _("Members of the commission:"), new_x="LMARGIN", new_y="NEXT")
        for name in others:
            signature("", name)

    pdf.ln(4)
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.set_font("DejaVu", "", 10)
    if act.status == ActStatus.EXECUTED and act.executed_at:
        pdf.multi_cell(0, 5, _("The documents listed, %(units)d units, were destroyed on %(date)s; the records stay "
                               "in the catalogue as tombstones.")
                       % {"units": act.item_count, "date": f"{timezone.localtime(act.executed_at):%d.%m.%Y}"},
                       new_x="LMARGIN", new_y="NEXT")
        signature(_("Executed by"), act.executed_by.display_name if act.executed_by else "")
    else:
        pdf.multi_cell(0, 5, _("The documents listed, %(units)d units, were destroyed on «___» ____________ 20___.")
                       % {"units": act.item_count}, new_x="LMARGIN", new_y="NEXT")
        signature(_("Executed by"), "")
    pdf.set_font("DejaVu", "", 7)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(0, 4, _("Printed %(when)s from the unified national archive system.")
                   % {"when": formats.date_format(timezone.localtime(), "d.m.Y H:i")}, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
