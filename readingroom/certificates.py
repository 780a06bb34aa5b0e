"""The PDF of an archival certificate (fpdf2, DejaVuSans so that Kazakh letters render): the
archive's header, number and date, the text, the reference codes and sheets it rests on, the
signature and the verification code with the address where anyone can check it."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from holdings.codes import local_code

from .formats import long_date
from .imaging import font_path

# Unambiguous letters and digits (no 0/O, 1/I/L) for codes people type.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_verification_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def normalize_code(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


@dataclass(frozen=True)
class CertificateText:
    """Everything printed on a certificate."""

    language: str
    archive_name: str
    archive_address: str
    archive_contacts: str
    number: str
    issued_on: object
    title: str
    body: str
    grounds: list[dict]
    signer: str
    verification_code: str


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + f"/verify/{code}"


def render_pdf(text: CertificateText) -> bytes:
    from fpdf import FPDF  # loads slowly; only certificate deliveries pay for it

    with translation.override(text.language):
        pdf = FPDF(format="A4")
        pdf.set_title(f"{text.title} {text.number}")
        pdf.set_author(text.archive_name)
        pdf.set_creator("National Archive")
        pdf.add_font("DejaVu", "", font_path())
        pdf.set_margins(20, 18, 20)
        pdf.set_auto_page_break(True, margin=22)
        pdf.add_page()
        width = pdf.epw
        pdf.set_font("DejaVu", size=13)
        pdf.multi_cell(width, 7, text.archive_name, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=9)
        for line in (text.archive_address, text.archive_contacts):
            if line:
                pdf.multi_cell(width, 5, line, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
        pdf.ln(8)
        pdf.set_font("DejaVu", size=15)
        pdf.multi_cell(width, 8, text.title.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=10)
        issued = long_date(text.issued_on)
        pdf.multi_cell(width, 6, _("No. %(number)s of %(date)s") % {"number": text.number, "date": issued},
                       align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.set_font("DejaVu", size=11)
        for paragraph in text.body.splitlines() or [""]:
            pdf.multi_cell(width, 6, paragraph, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        if text.grounds:
            codes = "; ".join(local_code(g["fonds"], g["inventory"], g["unit"], g.get("sheets", ""))
                              for g in text.grounds)
            pdf.set_font("DejaVu", size=10)
            pdf.multi_cell(width, 6, _("Grounds: %(codes)s.") % {"codes": codes}, align="L", new_x="LMARGIN",
                           new_y="NEXT")
        pdf.ln(10)
        pdf.set_font("DejaVu", size=11)
        pdf.multi_cell(width, 6, _("Issued by: %(name)s") % {"name": text.signer}, align="L", new_x="LMARGIN",
                       new_y="NEXT")
        pdf.ln(10)
        pdf.set_font("DejaVu", size=9)
        pdf.set_draw_color(120, 120, 120)
        pdf.multi_cell(width, 5, _("Verification code: %(code)s. Anyone can check this certificate at %(url)s")
                       % {"code": text.verification_code, "url": verify_url(text.verification_code)},
                       border=1, padding=2, align="L", new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
