"""Reads of the accessions app: permission-filtered (accessions.permissions) and select_related, so
a page or endpoint makes a fixed number of queries. Lists are keyset pages on the id."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from holdings.models import Unit

from . import permissions
from .choices import ObligationStatus
from .models import (
    Accession,
    AccessionUnit,
    AudiovisualWork,
    AuditEntry,
    DepositObligation,
    FixityAlert,
    MediaFile,
    Source,
    Transfer,
)

PAGE_SIZE = 50


@dataclass
class Page:
    """One keyset page: rows, and the id to continue after (None on the last page)."""

    rows: list
    next_after: int | None
    after: int | None


def keyset_page(queryset: QuerySet, after: str | int | None, size: int = PAGE_SIZE) -> Page:
    """Newest first by id; `after` is the last id of the previous page (no OFFSET, no COUNT)."""
    try:
        after_id = int(after) if after not in (None, "") else None
    except (TypeError, ValueError):
        after_id = None
    qs = queryset.order_by("-id")
    if after_id is not None:
        qs = qs.filter(id__lt=after_id)
    rows = list(qs[:size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows=rows, next_after=rows[-1].pk if more else None, after=after_id)


def get_or_404(queryset: QuerySet, pk: int):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


# ---------------------------------------------------------------- sources
def sources(user, *, archive_id: int | None = None, q: str = "") -> QuerySet[Source]:
    qs = permissions.sources_for(user).select_related("archive")
    if archive_id:
        qs = qs.filter(archive_id=archive_id)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(bin=q.strip()))
    return qs


def source_detail(user, pk: int) -> Source:
    return get_or_404(permissions.sources_for(user).select_related("archive"), pk)


# ---------------------------------------------------------------- accessions
def accessions(user, *, archive_id: int | None = None, status: str = "", kind: str = "") -> QuerySet[Accession]:
    qs = permissions.accessions_for(user).select_related("source", "archive", "fonds", "inventory")
    if archive_id:
        qs = qs.filter(archive_id=archive_id)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def accession_detail(user, pk: int) -> Accession:
    return get_or_404(permissions.accessions_for(user).select_related(
        "source", "archive", "fonds", "inventory", "created_by", "received_by", "processed_by", "rejected_by"), pk)


def accession_units(accession: Accession, user, limit: int = 500) -> list[Unit]:
    """The units an accession created, through the holdings access rule (staff see them in full)."""
    ids = AccessionUnit.objects.filter(accession=accession).values("unit_id")
    return list(Unit.objects.filter(pk__in=ids).visible_to(user).with_codes().order_by("sort_key", "id")[:limit])


def history(target: str, target_id: int, *more: tuple[str, int | None], limit: int = 100) -> list[AuditEntry]:
    """Audit entries of one object (and of related ones, as (target, id) pairs), newest first."""
    q = Q(target=target, target_id=target_id)
    for other, other_id in more:
        if other_id is not None:
            q |= Q(target=other, target_id=other_id)
    return list(AuditEntry.objects.filter(q).select_related("user")[:limit])


# ---------------------------------------------------------------- works, obligations, offers
def works(user, *, funding: str = "", kind: str = "", q: str = "", obligation: str = "") -> QuerySet[AudiovisualWork]:
    qs = permissions.works_for(user).select_related("producer", "obligation__archive", "offer__archive")
    if funding:
        qs = qs.filter(funding=funding)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(title__icontains=q)
    if obligation:
        qs = qs.filter(obligation__status=obligation)
    return qs


def work_detail(user, pk: int) -> AudiovisualWork:
    return get_or_404(permissions.works_for(user).select_related(
        "producer__archive", "obligation__archive", "obligation__accession", "obligation__deposited_by",
        "offer__archive", "offer__accession", "offer__decided_by", "created_by"), pk)


def media_files(accession_id: int) -> list[MediaFile]:
    return list(MediaFile.objects.filter(accession_id=accession_id)
                .select_related("digital_object", "access_copy", "poster").order_by("id"))


@dataclass
class DashboardRow:
    """Obligations of one archive and producer, counted by state."""

    archive: str
    archive_id: int
    producer: str
    producer_id: int
    due: int
    overdue: int
    deposited: int


def obligation_dashboard(user) -> list[DashboardRow]:
    """Due, overdue and received deposits grouped by archive and producer, in one query."""
    rows = (permissions.dashboard_obligations_for(user)
            .values("archive_id", "archive__code", "archive__name_ru", "archive__name_kk", "archive__name_en",
                    "work__producer_id", "work__producer__name")
            .annotate(due=Count("id", filter=Q(status=ObligationStatus.DUE)),
                      overdue=Count("id", filter=Q(status=ObligationStatus.OVERDUE)),
                      deposited=Count("id", filter=Q(status=ObligationStatus.DEPOSITED)))
            .order_by("archive__code", "work__producer__name"))
    from django.utils.translation import get_language

    lang = (get_language() or "ru")[:2]
    return [DashboardRow(archive=r.get(f"archive__name_{lang}") or r["archive__name_ru"], archive_id=r["archive_id"],
                         producer=r["work__producer__name"], producer_id=r["work__producer_id"], due=r["due"],
                         overdue=r["overdue"], deposited=r["deposited"]) for r in rows]


def obligations_attention(user, limit: int = 100) -> list[DepositObligation]:
    """Overdue first, then those falling due soonest."""
    return list(permissions.dashboard_obligations_for(user)
                .filter(status__in=[ObligationStatus.DUE, ObligationStatus.OVERDUE])
                .select_related("work__producer", "archive")
                .order_by("-status", "due_date", "id")[:limit])


def days_left(obligation: DepositObligation) -> int:
    return (obligation.due_date - timezone.localdate()).days


# ---------------------------------------------------------------- transfers
def transfers(user, *, status: str = "", archive_id: int | None = None) -> QuerySet[Transfer]:
    qs = permissions.transfers_for(user).select_related("source", "archive", "accession")
    if status:
        qs = qs.filter(status=status)
    if archive_id:
        qs = qs.filter(archive_id=archive_id)
    return qs


def transfer_detail(user, pk: int) -> Transfer:
    return get_or_404(permissions.transfers_for(user).select_related("source", "archive", "accession", "account__user")
                      .prefetch_related("events", Prefetch("accession__unit_links",
                                                           queryset=AccessionUnit.objects.order_by("unit_id"))), pk)


def transfer_unit_ids(transfer: Transfer) -> list[int]:
    if transfer.accession_id is None:
        return []
    return [link.unit_id for link in transfer.accession.unit_links.all()]


def transfer_files(transfer: Transfer, limit: int = 1000):
    return list(transfer.files.select_related("digital_object").order_by("position")[:limit])




# ---------------------------------------------------------------- fixity
def fixity_alerts(user, *, open_only: bool = True) -> QuerySet[FixityAlert]:
    qs = permissions.fixity_alerts_for(user).select_related("archive", "unit__inventory__fonds", "resolved_by")
    if open_only:
        qs = qs.filter(resolved_at__isnull=True)
    return qs
