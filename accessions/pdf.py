"""Printable documents in Kazakh or Russian (fpdf2 with matplotlib's DejaVuSans, which has every
Kazakh letter): the act of acceptance and the deposit receipt sent to a producer."""
from __future__ import annotations

from pathlib import Path

import matplotlib
from django.db.models import Prefetch
from django.template.defaultfilters import filesizeformat, floatformat
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF
from fpdf.fonts import FontFace

from holdings import access
from holdings.choices import DigitalObjectRole
from holdings.models import DigitalObject

from .models import Accession, AccessionItem, AudiovisualWork, DepositObligation

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
PDF_LANGUAGES = ("kk", "ru")


def pdf_language(requested: str | None, fallback: str | None = None) -> str:
    """kk or ru: the requested language if it is one of them, else the fallback, else Russian."""
    for lang in (requested, fallback):
        if lang and lang[:2] in PDF_LANGUAGES:
            return lang[:2]
    return "ru"


class _Document(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4")
        self.add_font("DejaVu", fname=str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", style="B", fname=str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_title(title)
        self.set_creator("National Archive")
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 16, 18)
        self.add_page()
        self.set_font("DejaVu", size=10)

    def footer(self):
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="R")

    def heading(self, text: str, size: int = 13) -> None:
        self.set_font("DejaVu", style="B", size=size)
        self.multi_cell(0, 7, text, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", size=10)

    # Flush left throughout: fpdf2 justifies multi_cell text by default, which spreads a short
    # name with a BIN across the line ("ГУ    «Аппарат    акима ...").
    def line_text(self, text: str, height: float = 6) -> None:
        self.multi_cell(0, height, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def fact(self, label: str, value: str) -> None:
        self.set_font("DejaVu", style="B", size=10)
        self.cell(55, 6, label)
        self.set_font("DejaVu", size=10)
        self.multi_cell(0, 6, value or "—", align="L", new_x="LMARGIN", new_y="NEXT")

    def letterhead(self, archive_name: str, *, approval: bool) -> None:
        """The archive's name at the top left and, for an act, the head's approval block at the right."""
        top = self.get_y()
        self.set_font("DejaVu", style="B", size=9)
        self.multi_cell(85, 5, archive_name, align="L", new_x="LMARGIN", new_y="NEXT")
        bottom = self.get_y()
        if approval:
            x = self.w - self.r_margin - 70
            self.set_xy(x, top)
            self.set_font("DejaVu", style="B", size=9)
            self.cell(70, 5, _("APPROVED"), new_x="LEFT", new_y="NEXT")
            self.set_font("DejaVu", size=9)
            self.cell(70, 5, _("Head of the archive"), new_x="LEFT", new_y="NEXT")
            self.cell(70, 8, "________________ / ________________", new_x="LEFT", new_y="NEXT")
            self.cell(70, 5, _("Date") + ": ____________", new_x="LEFT", new_y="NEXT")
            bottom = max(bottom, self.get_y())
        self.set_xy(self.l_margin, bottom)
        self.set_font("DejaVu", size=10)
        self.ln(4)

    def rows(self, header: list[str], rows: list[list[str]], widths: tuple) -> None:
        self.set_font("DejaVu", size=9)
        with self.table(col_widths=widths, headings_style=FontFace(emphasis="BOLD"), line_height=5,
                        text_align="LEFT") as table:
            table.row(header)
            for row in rows:
                table.row(row)
        self.set_font("DejaVu", size=10)

    def signatures(self, left: tuple[str, str, str], right: tuple[str, str, str] | None) -> None:
        """Two signature blocks side by side: (label, organization, person) each; without a right
        block, the place for the archive's seal. The signature lines of both sit on one level."""
        if self.will_page_break(50):  # a signature block is never split from its label
            self.add_page()
        self.ln(10)
        top = self.get_y()
        columns = ((self.l_margin, left), (self.w / 2 + 5, right))
        heads = []
        for x, block in columns:
            self.set_xy(x, top)
            self.set_font("DejaVu", style="B", size=10)
            self.cell(80, 6, _("Seal of the archive") if block is None else block[0], new_x="LEFT", new_y="NEXT")
            if block is not None and block[1]:
                self.set_font("DejaVu", size=9)
                self.multi_cell(80, 5, block[1], align="L", new_x="LEFT", new_y="NEXT")
            heads.append(self.get_y())
        lines = max(heads)
        self.set_font("DejaVu", size=10)
        for x, block in columns:
            if block is None:
                continue
            self.set_xy(x, lines)
            self.cell(80, 10, "_______________________", new_x="LEFT", new_y="NEXT")
            self.cell(80, 6, f"/ {block[2] or '                    '} /", new_x="LEFT", new_y="NEXT")
            self.cell(80, 6, _("Date") + ": ____________", new_x="LEFT", new_y="NEXT")
        self.set_xy(self.l_margin, lines + 22)
        self.ln(4)

def _date(value) -> str:
    return formats.date_format(value, "d.m.Y") if value else "—"


def _dates(start, end) -> str:
    if start and end and start != end:
        return f"{_date(start)} – {_date(end)}"
    return _date(start or end)


def accession_act_pdf(accession: Accession, *, user, language: str) -> bytes:
    """The act of acceptance of one accession, ready to print and sign."""
    with translation.override(language):
        source = accession.source
        archive = accession.archive
        doc = _Document(_("Act of acceptance № %(number)s") % {"number": accession.number})
        doc.letterhead(archive.name, approval=True)
        doc.heading(_("ACT № %(number)s") % {"number": accession.number})
        doc.heading(_("of acceptance of records for state archival storage"), size=11)
        doc.ln(3)
        doc.fact(_("Date of the act") + ":", _date(accession.date))
        doc.fact(_("Handed over by") + ":", source.name + (f", {_('BIN')} {source.bin}" if source.bin else ""))
        doc.fact(_("Accepted by") + ":", archive.name)
        doc.fact(_("Kind of accession") + ":", str(accession.get_kind_display()))
        if accession.description:
            doc.fact(_("What is received") + ":", accession.description)
        extent = []
        if accession.extent_units:
            extent.append(_("%(n)s units declared") % {"n": accession.extent_units})
        if accession.extent_note:
            extent.append(accession.extent_note)
        doc.fact(_("Extent") + ":", "; ".join(extent))
        if accession.fonds_id:
            doc.fact(_("Placed in") + ":", _("Fonds %(fonds)s, inventory %(inventory)s")
                     % {"fonds": accession.fonds.number, "inventory": accession.inventory.number}
                     + f" — «{accession.fonds.title}»")
        doc.ln(3)
        header = [_("No."), _("Unit"), _("Title"), _("Dates"), _("Extent")]
        rows = []
        links = list(accession.unit_links.select_related("unit__inventory__fonds").order_by("unit__sort_key",
                                                                                             "unit_id"))
        if links:
            for n, link in enumerate(links, start=1):
                unit = link.unit
                rows.append([str(n), unit.local_code, access.unit_view(unit, user).title,
                             _dates(unit.date_start, unit.date_end), _extent(unit)])
        else:
            items: list[AccessionItem] = list(accession.items.all())
            for n, item in enumerate(items, start=1):
                rows.append([str(n), item.number, item.title, _dates(item.date_start, item.date_end),
                             _extent(item)])
        if rows:
            doc.rows(header, rows, (10, 35, 75, 35, 20))
        doc.ln(2)
        doc.set_font("DejaVu", style="B", size=10)
        doc.line_text(_("In total: %(n)s units.") % {"n": len(rows)})
        doc.set_font("DejaVu", size=10)
        doc.fact(_("Condition of the records") + ":", accession.condition_notes or _("satisfactory"))
        if accession.status == "rejected":
            doc.fact(_("Rejected") + ":", accession.rejection_reason)
        receiver = accession.received_by or accession.processed_by or accession.created_by
        doc.signatures((pgettext("signature", "Handed over"), source.name, source.contact_person),
                       (pgettext("signature", "Accepted"), archive.name, receiver.display_name if receiver else ""))
        doc.set_font("DejaVu", size=8)
        doc.line_text(_("Printed %(when)s.") % {"when": formats.date_format(timezone.localtime(), "d.m.Y H:i")}, 4)
        return bytes(doc.output())


def _extent(obj) -> str:
    if getattr(obj, "extent_sheets", None):
        return _("%(n)s sh.") % {"n": obj.extent_sheets}
    seconds = getattr(obj, "duration_seconds", None)
    if seconds:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return ""


def deposit_receipt_pdf(work: AudiovisualWork, accession: Accession, *, language: str) -> bytes:
    """The receipt a producer gets for a deposited copy (compulsory or voluntary)."""
    obligation = DepositObligation.objects.filter(work=work).first()
    with translation.override(language):
        archive = accession.archive
        producer = work.producer
        doc = _Document(_("Deposit receipt № %(number)s") % {"number": accession.number})
        doc.letterhead(archive.name, approval=False)
        if obligation is not None:
            doc.heading(_("RECEIPT for the compulsory deposit copy of an audiovisual work"))
        else:
            doc.heading(_("RECEIPT for a voluntarily deposited audiovisual work"))
        doc.ln(3)
        doc.fact(_("Act of acceptance") + ":", f"№ {accession.number}, {_date(accession.date)}")
        doc.fact(_("Producer") + ":", producer.name + (f", {_('BIN')} {producer.bin}" if producer.bin else ""))
        doc.fact(_("Work") + ":", work.title)
        doc.fact(_("Kind") + ":", str(work.get_kind_display()))
        funding = str(work.get_funding_display())
        if work.state_share is not None and work.funding == "mixed":
            funding += f" ({_('state share')} {floatformat(work.state_share, '-2')} %)"
        doc.fact(_("Funding") + ":", funding)
        doc.fact(_("Release date") + ":", _date(work.release_date))
        if work.carriers:
            doc.fact(_("Carriers") + ":", work.carriers)
        if work.formats:
            doc.fact(_("Formats") + ":", work.formats)
        if obligation is not None:
            doc.fact(_("Deposit due by") + ":", _date(obligation.due_date))
        doc.fact(_("Received") + ":", _date(timezone.localdate(accession.processed_at or timezone.now())))
        doc.ln(3)
        rows = []
        links = (accession.unit_links.select_related("unit__inventory__fonds").order_by("unit__sort_key")
                 .prefetch_related(Prefetch("unit__digital_objects", to_attr="masters",
                                            queryset=DigitalObject.objects.filter(role=DigitalObjectRole.MASTER)
                                            .order_by("page_order", "id"))))
        for link in links:
            # Each file with its size and sha256: the producer's proof of exactly what was handed over.
            files = "\n".join(f"{o.original_name} ({filesizeformat(o.size)})\nsha256 {o.sha256}"
                               for o in link.unit.masters)
            rows.append([link.unit.local_code, files])
        if rows:
            doc.rows([_("Unit"), _("Files received")], rows, (44, 130))
        doc.ln(3)
        if obligation is not None:
            doc.line_text(_("The obligation to deposit one copy of this work for state preservation is met."))
        else:
            doc.line_text(_("The archive thanks the producer for the voluntary deposit of this work."))
        receiver = accession.processed_by
        doc.signatures((pgettext("signature", "Accepted"), archive.name, receiver.display_name if receiver else ""),
                       None)
        return bytes(doc.output())
