"""Who may see and change the objects of the accessions app: the one place that decides.

- Archivists (staff right `manage_holdings` in an archive) handle that archive's sources,
  accessions, works, obligations, offers, transfers and fixity alerts.
- Administrators (role) and superusers may read the deposit dashboard of every archive.
- An agency system (an active AgencyAccount) sees only its own source's transfers.

Objects outside a user's scope answer 404 by id (the querysets below simply do not hold them)."""
from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.choices import Role
from holdings import access
from holdings.choices import StaffRole

from .models import (
    Accession,
    AgencyAccount,
    AudiovisualWork,
    DepositObligation,
    DepositOffer,
    FixityAlert,
    Source,
    Transfer,
)


def office_archive_ids(user) -> frozenset[int]:
    """Archives whose accessions the user handles (archivist right; every archive for a superuser)."""
    return access.staff_archive_ids(user, StaffRole.ARCHIVIST)


def can_use_office(user) -> bool:
    return bool(user is not None and user.is_authenticated and office_archive_ids(user))


def can_handle(user, archive_id: int) -> bool:
    return archive_id in office_archive_ids(user)


def is_national_reader(user) -> bool:
    return bool(user is not None and user.is_authenticated
                and (user.is_superuser or user.has_role(Role.ADMINISTRATOR)))


def can_view_dashboard(user) -> bool:
    return can_use_office(user) or is_national_reader(user)


def agency_account(user) -> AgencyAccount | None:
    """The user's active agency account (an information system's login), cached on the user."""
    if user is None or not user.is_authenticated:
        return None
    if "_agency_account" not in user.__dict__:
        user.__dict__["_agency_account"] = (AgencyAccount.objects.select_related("source", "archive")
                                            .filter(user=user, active=True, source__active=True).first())
    return user.__dict__["_agency_account"]


def sources_for(user) -> QuerySet[Source]:
    return Source.objects.filter(archive_id__in=office_archive_ids(user))


def accessions_for(user) -> QuerySet[Accession]:
    return Accession.objects.filter(archive_id__in=office_archive_ids(user))


def works_for(user) -> QuerySet[AudiovisualWork]:
    """Works of producers the user's archives acquire from, or owed/offered to those archives."""
    ids = office_archive_ids(user)
    return AudiovisualWork.objects.filter(
        Q(producer__archive_id__in=ids) | Q(obligation__archive_id__in=ids) | Q(offer__archive_id__in=ids))


def obligations_for(user) -> QuerySet[DepositObligation]:
    ids = office_archive_ids(user)
    return DepositObligation.objects.filter(Q(archive_id__in=ids) | Q(work__producer__archive_id__in=ids))


def dashboard_obligations_for(user) -> QuerySet[DepositObligation]:
    if is_national_reader(user):
        return DepositObligation.objects.all()
    return obligations_for(user)


def offers_for(user) -> QuerySet[DepositOffer]:
    ids = office_archive_ids(user)
    return DepositOffer.objects.filter(Q(archive_id__in=ids) | Q(work__producer__archive_id__in=ids))


def can_register_work(user, producer: Source) -> bool:
    return can_handle(user, producer.archive_id)


def can_receive_deposit(user, archive_id: int) -> bool:
    """Only the archive the deposit is owed (or offered) to records it."""
    return can_handle(user, archive_id)


def transfers_for(user) -> QuerySet[Transfer]:
    """An agency system sees its own source's transfers; archivists those of their archives."""
    q = Q(archive_id__in=office_archive_ids(user))
    account = agency_account(user)
    if account is not None:
        q |= Q(source_id=account.source_id)
    return Transfer.objects.filter(q)


def fixity_alerts_for(user) -> QuerySet[FixityAlert]:
    return FixityAlert.objects.filter(archive_id__in=office_archive_ids(user))
