"""Sources of acquisition and the agency-system accounts bound to them."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from accounts.models import User
from accounts.validators import validate_bin
from holdings.models import Archive

from ..choices import LetterLanguage, SourceKind
from ..models import AgencyAccount, Source
from ..workflows import AccessionError
from .common import actor_or_none, audit

SOURCE_FIELDS = ["name", "bin", "kind", "contact_person", "contact_email", "contact_phone", "language",
                 "transfer_interval_years", "next_transfer_year", "notes", "active"]


def _clean_source(data: dict) -> dict:
    data = {k: v for k, v in data.items() if k in SOURCE_FIELDS}
    if "name" in data:
        data["name"] = " ".join((data["name"] or "").split())
        if not data["name"]:
            raise AccessionError(_("A source needs a name."))
    if "kind" in data and data["kind"] not in SourceKind.values:
        raise AccessionError(_("Unknown kind of source."))
    if "language" in data and data["language"] not in LetterLanguage.values:
        raise AccessionError(_("Letters can be written in Kazakh or Russian."))
    if "bin" in data:
        data["bin"] = (data["bin"] or "").strip()
    return data


def _check_bin(kind: str, bin_value: str) -> None:
    """Organizations need a valid BIN; a private person has none."""
    if kind == SourceKind.PRIVATE_PERSON and not bin_value:
        return
    try:
        validate_bin(bin_value)
    except ValidationError as exc:
        raise AccessionError(" ".join(str(m) for m in exc.messages)) from exc


def source_create(*, actor, archive: Archive, name: str, kind: str, bin: str = "", **data) -> Source:
    data = _clean_source({"name": name, "kind": kind, "bin": bin, **data})
    _check_bin(data["kind"], data["bin"])
    try:
        with transaction.atomic():
            source = Source.objects.create(archive=archive, created_by=actor_or_none(actor), **data)
            audit(user=actor, target="source", target_id=source.pk, action="create", name=source.name,
                  bin=source.bin)
    except IntegrityError as exc:
        raise AccessionError(_("A source with BIN %(bin)s is already registered in this archive.")
                             % {"bin": data["bin"]}) from exc
    return source


def source_update(*, actor, source: Source, **data) -> Source:
    data = _clean_source(data)
    changes = {}
    for name, value in data.items():
        if getattr(source, name) != value:
            changes[name] = [getattr(source, name), value]
            setattr(source, name, value)
    if not changes:
        return source
    _check_bin(source.kind, source.bin)
    try:
        with transaction.atomic():
            source.save()
            audit(user=actor, target="source", target_id=source.pk, action="update",
                  changes={k: [str(a), str(b)] for k, (a, b) in changes.items()})
    except IntegrityError as exc:
        raise AccessionError(_("A source with BIN %(bin)s is already registered in this archive.")
                             % {"bin": source.bin}) from exc
    return source


def agency_account_create(*, actor, source: Source, username: str, email: str = "",
                          password: str | None = None) -> tuple[AgencyAccount, str]:
    """A login for the source's information system, allowed to transfer into the source's archive.
    Returns the account and its API token (shown once to the archivist who made it)."""
    username = (username or "").strip()
    if not username:
        raise AccessionError(_("Give the system account a user name."))
    if User.objects.filter(username__iexact=username).exists():
        raise AccessionError(_("The user name %(name)s is taken.") % {"name": username})
    with transaction.atomic():
        user = User(username=username, email=(email or "").strip(), first_name=source.name[:150],
                    preferred_language=source.language, is_active=True, email_confirmed=bool(email))
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        account = AgencyAccount.objects.create(user=user, source=source, archive_id=source.archive_id,
                                               created_by=actor_or_none(actor))
        token, _created = Token.objects.get_or_create(user=user)
        audit(user=actor, target="source", target_id=source.pk, action="agency_account_create",
              username=username)
    return account, token.key


def agency_account_set_active(*, actor, account: AgencyAccount, active: bool) -> AgencyAccount:
    with transaction.atomic():
        account.active = active
        account.save(update_fields=["active"])
        if not active:
            Token.objects.filter(user_id=account.user_id).delete()
        audit(user=actor, target="source", target_id=account.source_id,
              action="agency_account_enable" if active else "agency_account_disable",
              username=account.user.username)
    return account


def agency_account_token_reset(*, actor, account: AgencyAccount) -> str:
    """A new token for the system account; the old one stops working at once."""
    with transaction.atomic():
        Token.objects.filter(user_id=account.user_id).delete()
        token = Token.objects.create(user_id=account.user_id)
        audit(user=actor, target="source", target_id=account.source_id, action="agency_account_token_reset",
              username=account.user.username)
    return token.key
