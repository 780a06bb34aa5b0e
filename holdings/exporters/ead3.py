"""EAD3 (1.1) finding aid of a fonds, written as a stream of text chunks in constant memory.

The archival description is the fonds (`archdesc level="fonds"`), each inventory a series
(`c01`) and each unit a file (`c02`). Only what the user may see is written: closed units and
inventories are absent without rights, titles are redacted through access.unit_view, and
annotations appear only with full access. Valid against the official ead3.xsd (tested)."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import access
from ..choices import AccessLevel, Media
from ..models import Fonds, Inventory, Unit
from . import annotation_of, unit_batches, visible_inventories

EAD_NS = "http://ead3.archivists.org/schema/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
AGENT = "National Archive information system"

# Characters XML 1.0 does not allow (control characters sometimes arrive in imported text).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text(value) -> str:
    """Escaped element text."""
    return escape(_INVALID_XML.sub("", str(value)))


def attr(value) -> str:
    """A quoted, escaped attribute value."""
    return quoteattr(_INVALID_XML.sub("", str(value)))


class Labels:
    """Media and access-level labels in the active language, translated once per export (not once
    per unit: a 100,000-unit fonds would otherwise spend most of its time in gettext), and the date."""

    def __init__(self):
        self.today = timezone.localdate()
        self.media = {value: str(label) for value, label in Media.choices}
        self.level = {value: str(label) for value, label in AccessLevel.choices}
        self.until = _("%(level)s until %(date)s")


def _level_label(level: str, labels: Labels | None = None) -> str:
    labels = labels or Labels()
    return labels.level.get(level, level)


def date_range(start: dt.date | None, end: dt.date | None, *, ns: str = "") -> str:
    """`unitdatestructured` with a single date or a range; empty without dates."""
    if not start and not end:
        return ""
    if start and end and start != end:
        return (f"<{ns}unitdatestructured><{ns}daterange>"
                f"<{ns}fromdate standarddate=\"{start.isoformat()}\">{start.isoformat()}</{ns}fromdate>"
                f"<{ns}todate standarddate=\"{end.isoformat()}\">{end.isoformat()}</{ns}todate>"
                f"</{ns}daterange></{ns}unitdatestructured>")
    only = start or end
    return (f"<{ns}unitdatestructured><{ns}datesingle standarddate=\"{only.isoformat()}\">{only.isoformat()}"
            f"</{ns}datesingle></{ns}unitdatestructured>")


def extent(unit: Unit, *, ns: str = "") -> str:
    if unit.extent_sheets:
        quantity, kind = unit.extent_sheets, "sheets"
    elif unit.duration_seconds:
        quantity, kind = unit.duration_seconds, "seconds"
    else:
        return ""
    return (f"<{ns}physdescstructured coverage=\"whole\" physdescstructuredtype=\"spaceoccupied\">"
            f"<{ns}quantity>{quantity}</{ns}quantity><{ns}unittype>{kind}</{ns}unittype></{ns}physdescstructured>")


def unit_did(unit: Unit, user, *, ns: str = "", labels: Labels | None = None) -> tuple[str, bool, str]:
    """The `did` of a unit as the user may see it, whether the user has full access, and its level."""
    labels = labels or Labels()
    view = access.unit_view(unit, user, labels.today)
    parts = [f"<{ns}did>",
             f"<{ns}unitid>{text(unit.reference_code)}</{ns}unitid>",
             f"<{ns}unittitle>{text(view.title)}</{ns}unittitle>",
             date_range(unit.date_start, unit.date_end, ns=ns),
             extent(unit, ns=ns),
             f"<{ns}physdesc>{text(labels.media.get(unit.media, unit.media))}</{ns}physdesc>",
             f"</{ns}did>"]
    return "".join(parts), view.full_access, view.level


def access_note(level: str, restricted_until: dt.date | None, *, ns: str = "", labels: Labels | None = None) -> str:
    labels = labels or Labels()
    label = _level_label(level, labels)
    if level in access.LAPSING_LEVELS and restricted_until:  # a closed record carries no opening date
        label = labels.until % {"level": label, "date": restricted_until.isoformat()}
    return f"<{ns}accessrestrict><{ns}p>{text(label)}</{ns}p></{ns}accessrestrict>"


def unit_component(unit: Unit, user, labels: Labels) -> str:
    did, full, level = unit_did(unit, user, labels=labels)
    parts = [f"<c02 level=\"file\" id=\"u{unit.pk}\">", did,
             access_note(level, unit.restricted_until, labels=labels)]
    note = annotation_of(unit, full)
    if note:
        parts.append(f"<scopecontent><p>{text(note)}</p></scopecontent>")
    parts.append("</c02>")
    return "".join(parts)


def _inventory_open(inventory: Inventory) -> str:
    dates = date_range(inventory.date_start, inventory.date_end)
    return (f"<c01 level=\"series\" id=\"i{inventory.pk}\"><did>"
            f"<unitid>{text(inventory.reference_code)}</unitid>"
            f"<unittitle>{text(inventory.title)}</unittitle>{dates}</did>")


def control(*, record_id: str, title: str, agency: str, now: dt.datetime) -> str:
    stamp = now.replace(microsecond=0).isoformat()
    return ("<control>"
            f"<recordid>{text(record_id)}</recordid>"
            f"<filedesc><titlestmt><titleproper>{text(title)}</titleproper></titlestmt></filedesc>"
            "<maintenancestatus value=\"derived\"/>"
            f"<maintenanceagency><agencyname>{text(agency)}</agencyname></maintenanceagency>"
            "<maintenancehistory><maintenanceevent><eventtype value=\"derived\"/>"
            f"<eventdatetime standarddatetime=\"{stamp}\">{stamp}</eventdatetime>"
            f"<agenttype value=\"machine\"/><agent>{text(AGENT)}</agent>"
            "</maintenanceevent></maintenancehistory></control>")


def _head(root_attrs: str = "") -> str:
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            f"<ead xmlns=\"{EAD_NS}\"{root_attrs}>")


def fonds_ead(fonds: Fonds, user) -> Iterator[str]:
    """The finding aid of a fonds the user may see (the caller checked with fonds_visible_to)."""
    archive = fonds.archive
    now = timezone.now()
    labels = Labels()
    yield _head()
    yield control(record_id=f"{archive.code}-F{fonds.number}", title=f"{fonds.reference_code}. {fonds.title}",
                  agency=archive.name, now=now)
    yield "<archdesc level=\"fonds\"><did>"
    yield f"<repository><corpname><part>{text(archive.name)}</part></corpname></repository>"
    yield f"<unitid>{text(fonds.reference_code)}</unitid><unittitle>{text(fonds.title)}</unittitle>"
    yield date_range(fonds.date_start, fonds.date_end)
    if fonds.unit_count:
        yield ("<physdescstructured coverage=\"whole\" physdescstructuredtype=\"materialtype\">"
               f"<quantity>{fonds.unit_count}</quantity><unittype>units</unittype></physdescstructured>")
    yield "</did>"
    yield access_note(fonds.access_level, fonds.restricted_until, labels=labels)
    if fonds.description:
        yield f"<scopecontent><p>{text(fonds.description)}</p></scopecontent>"
    yield "<dsc>"
    for inventory in visible_inventories(fonds, user):
        opened = False
        for units in unit_batches(inventory, user):
            if not opened:
                yield _inventory_open(inventory)
                opened = True
            yield "".join(unit_component(u, user, labels) for u in units)
        if opened:
            yield "</c01>"
    yield "</dsc></archdesc></ead>\n"


def unit_ead(unit: Unit, user, labels: Labels | None = None) -> str:
    """A small EAD3 document describing one unit (the OAI-PMH `ead3` record)."""
    labels = labels or Labels()
    archive = unit.archive  # loaded with the unit (select_related)
    did, full, level = unit_did(unit, user, labels=labels)
    view_title = access.unit_view(unit, user).title
    return "".join([
        f"<ead xmlns=\"{EAD_NS}\" xmlns:xsi=\"{XSI_NS}\" "
        f"xsi:schemaLocation=\"{EAD_NS} https://www.loc.gov/ead/ead3.xsd\">",
        control(record_id=f"{archive.code}-U{unit.pk}", title=f"{unit.reference_code}. {view_title}",
                agency=archive.name, now=unit.updated_at),
        "<archdesc level=\"file\">", did, access_note(level, unit.restricted_until, labels=labels),
        (f"<scopecontent><p>{text(annotation_of(unit, full))}</p></scopecontent>"
         if annotation_of(unit, full) else ""),
        "</archdesc></ead>",
    ])
