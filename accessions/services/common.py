"""Pieces shared by the services: the audit row, the act number, the fonds/inventory an
accession lands in (found, or created through the holdings services), and the advisory lock that
keeps background runs from overlapping."""
from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from holdings import services as holdings
from holdings.models import Archive, Fonds, Inventory

from ..models import Accession, AuditEntry
from ..workflows import AccessionError


def actor_or_none(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


@contextlib.contextmanager
def advisory_lock(namespace: int, key: int) -> Iterator[bool]:
    """Yields whether this process holds the lock (namespace, key); never waits. On PostgreSQL a
    session advisory lock, which the server drops by itself when a killed worker's connection goes
    away; elsewhere (SQLite, eager tasks) runs are serial anyway and the lock is always granted."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [namespace, key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [namespace, key])


def audit(*, user, target: str, target_id: int, action: str, **detail) -> AuditEntry:
    """The audit row every service writes in its own transaction."""
    clean = {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in detail.items()}
    return AuditEntry.objects.create(user=actor_or_none(user), target=target, target_id=target_id, action=action,
                                     detail=clean)


def accession_create_numbered(**fields) -> Accession:
    """Creates an accession with the next act number of its archive and year ("2025-0007").

    Two acts made at the same moment may pick the same number: the unique constraint refuses the
    second, which then takes the next one."""
    archive: Archive = fields["archive"]
    date: dt.date = fields["date"]
    prefix = f"{date.year}-"
    for _attempt in range(20):
        last = (Accession.objects.filter(archive=archive, number__startswith=prefix)
                .order_by("-number").values_list("number", flat=True).first())
        seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
        try:
            with transaction.atomic():
                return Accession.objects.create(number=f"{prefix}{seq:04d}", **fields)
        except IntegrityError:
            continue
    raise AccessionError(_("Could not give the act a number; try again."))


def target_tree(*, actor, archive: Archive, fonds_number: str, fonds_title: str = "", inventory_number: str,
                inventory_title: str = "", media_hint: str = "") -> tuple[Fonds, Inventory]:
    """The fonds and inventory that receive new units: existing ones by number, or new ones made
    through the holdings services when a title is given. Raises AccessionError with the reason."""
    fonds_number = (fonds_number or "").strip()
    inventory_number = (inventory_number or "").strip()
    if not fonds_number or not inventory_number:
        raise AccessionError(_("Name the fonds and the inventory that receive the units."))
    try:
        fonds = Fonds.objects.filter(archive=archive, number=fonds_number).first()
        if fonds is None:
            if not (fonds_title or "").strip():
                raise AccessionError(_("Fonds %(number)s does not exist in this archive: give a title to create it.")
                                     % {"number": fonds_number})
            fonds = holdings.fonds_create(actor=actor, archive=archive, number=fonds_number, title=fonds_title)
        inventory = Inventory.objects.filter(fonds=fonds, number=inventory_number).first()
        if inventory is None:
            if not (inventory_title or "").strip():
                raise AccessionError(
                    _("Inventory %(number)s does not exist in fonds %(fonds)s: give a title to create it.")
                    % {"number": inventory_number, "fonds": fonds_number})
            inventory = holdings.inventory_create(actor=actor, fonds=fonds, number=inventory_number,
                                                  title=inventory_title)
    except holdings.HoldingsError as exc:
        raise AccessionError(str(exc)) from exc
    return fonds, inventory


def next_unit_numbers(inventory: Inventory, count: int) -> list[str]:
    """`count` free numbers after the highest numeric unit number of the inventory."""
    from holdings.models import Unit

    last = (Unit.objects.filter(inventory=inventory).order_by("-sort_key").values_list("sort_key", flat=True)
            .first())
    start = (last // 1000 if last else 0) + 1
    return [str(start + i) for i in range(count)]
