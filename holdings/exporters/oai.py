"""OAI-PMH 2.0 provider: records are units, as an anonymous visitor may see them.

Verbs: Identify, ListMetadataFormats (oai_dc, ead3), ListSets (`archive`, `archive:CODE`, `fonds`,
`fonds:ID`), ListIdentifiers, ListRecords, GetRecord. Lists are keyset-paginated by unit id with
signed resumption tokens that carry the request, the last id, a cursor and an expiry. Datestamps are
Unit.updated_at (UTC, seconds). Nothing here decides visibility: units come through
`visible_to(anonymous)` and titles through access.unit_view, whoever is logged in."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db.models import Q, QuerySet
from django.utils import timezone

from .. import access
from ..choices import Media
from ..models import Archive, Fonds, Unit
from . import HEAVY_FIELDS, annotation_of
from .ead3 import Labels, attr, text, unit_ead

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
EAD_NS = "http://ead3.archivists.org/schema/"

FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS),
    "ead3": ("https://www.loc.gov/ead/ead3.xsd", EAD_NS),
}
RECORDS_PER_PAGE = 100
IDENTIFIERS_PER_PAGE = 250
SETS_PER_PAGE = 500
TOKEN_HOURS = 24
TOKEN_SALT = "holdings.oai.token"

# verb: (required arguments, optional arguments); ListSets/ListIdentifiers/ListRecords also take
# resumptionToken as their only (exclusive) argument.
VERBS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}
RESUMABLE = {"ListSets", "ListIdentifiers", "ListRecords"}

DCMI_TYPE = {Media.PAPER: "Text", Media.PHOTO: "StillImage", Media.AUDIOVISUAL: "MovingImage",
             Media.SOUND: "Sound", Media.ELECTRONIC: "Dataset", Media.MICROFILM: "Text"}

_REPO_ID = re.compile(r"^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$")
_SET_SPEC = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class OaiError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def repository_identifier() -> str:
    """The `repositoryIdentifier` of oai identifiers: OAI_REPOSITORY_IDENTIFIER, else the host of
    SITE_URL when it is a domain name, else a fixed name."""
    configured = getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "")
    if configured:
        return configured
    host = urlsplit(getattr(settings, "SITE_URL", "")).hostname or ""
    return host if _REPO_ID.match(host) else "national-archive.local"


def unit_identifier(unit_id: int) -> str:
    return f"oai:{repository_identifier()}:unit:{unit_id}"


def parse_identifier(identifier: str) -> int | None:
    m = re.fullmatch(rf"oai:{re.escape(repository_identifier())}:unit:(\d{{1,18}})", identifier or "")
    return int(m[1]) if m else None


def datestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def archive_spec(archive: Archive) -> str:
    return f"archive:{archive.code}" if _SET_SPEC.match(archive.code) else f"archive:id-{archive.pk}"


# ---------------------------------------------------------------- arguments and tokens
@dataclass
class ListArgs:
    prefix: str
    set_spec: str | None
    from_: dt.datetime | None
    until: dt.datetime | None
    from_raw: str | None
    until_raw: str | None


def _parse_datestamp(value: str, *, until: bool) -> dt.datetime:
    if _DAY.match(value):
        day = dt.datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=dt.UTC)
        return day + dt.timedelta(days=1) if until else day  # until a day: before the next one
    if _SECOND.match(value):
        moment = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        return moment + dt.timedelta(seconds=1) if until else moment
    raise ValueError(value)


def make_token(verb: str, state: dict) -> tuple[str, dt.datetime]:
    expires = timezone.now() + dt.timedelta(hours=TOKEN_HOURS)
    payload = {"v": verb, "e": int(expires.timestamp()), **state}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True), expires


def read_token(verb: str, token: str) -> dict:
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature as exc:
        raise OaiError("badResumptionToken", "The resumption token is not valid.") from exc
    if payload.get("v") != verb:
        raise OaiError("badResumptionToken", "The resumption token belongs to another verb.")
    if payload.get("e", 0) < timezone.now().timestamp():
        raise OaiError("badResumptionToken", "The resumption token has expired.")
    return payload


# ---------------------------------------------------------------- the provider
class OaiProvider:
    """Answers one OAI-PMH request (`args`: name -> list of values) with a complete XML document."""

    def __init__(self, args: dict[str, list[str]], base_url: str):
        self.args = args
        self.base_url = base_url
        self.user = access.anonymous()
        self.verb: str | None = None
        self.labels = Labels()
        self.request_attrs: dict[str, str] = {}

    # -------------------------------------------------------- entry point
    def response(self) -> str:
        try:
            body = self._dispatch()
            request = self._request_element(with_attrs=True)
        except OaiError as exc:
            with_attrs = exc.code not in ("badVerb", "badArgument")
            request = self._request_element(with_attrs=with_attrs)
            body = f"<error code={attr(exc.code)}>{text(exc.message)}</error>"
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                f"<OAI-PMH xmlns=\"{OAI_NS}\" xmlns:xsi=\"{XSI_NS}\" "
                f"xsi:schemaLocation=\"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\">"
                f"<responseDate>{datestamp(timezone.now())}</responseDate>{request}{body}</OAI-PMH>\n")

    def _request_element(self, *, with_attrs: bool) -> str:
        attrs = ""
        if with_attrs and self.verb:
            attrs = f" verb={attr(self.verb)}" + "".join(
                f" {name}={attr(value)}" for name, value in self.request_attrs.items())
        return f"<request{attrs}>{text(self.base_url)}</request>"

    def _dispatch(self) -> str:
        verbs = self.args.get("verb", [])
        if len(verbs) != 1 or verbs[0] not in VERBS:
            raise OaiError("badVerb", "The verb is missing, repeated or not an OAI-PMH verb.")
        self.verb = verb = verbs[0]
        names = set(self.args) - {"verb"}
        for name in names:
            if len(self.args[name]) != 1:
                raise OaiError("badArgument", f"The argument {name} is repeated.")
        values = {name: self.args[name][0] for name in names}
        required, optional = VERBS[verb]
        if "resumptionToken" in values and verb in RESUMABLE:
            if len(values) != 1:
                raise OaiError("badArgument", "resumptionToken is an exclusive argument.")
        else:
            illegal = names - required - optional
            if illegal:
                raise OaiError("badArgument", f"Illegal argument(s): {', '.join(sorted(illegal))}.")
            missing = required - names
            if missing:
                raise OaiError("badArgument", f"Missing argument(s): {', '.join(sorted(missing))}.")
        self.request_attrs = values
        return getattr(self, f"_{verb}")(values)

    # -------------------------------------------------------- verbs
    def _Identify(self, values: dict) -> str:  # noqa: N802 - named after the verb
        earliest = Unit.objects.order_by("updated_at").values_list("updated_at", flat=True).first()
        email = getattr(settings, "OAI_ADMIN_EMAIL", "") or settings.DEFAULT_FROM_EMAIL
        if not re.fullmatch(r"\S+@(\S+\.)+\S+", email or ""):
            email = f"archive@{repository_identifier()}"
        name = getattr(settings, "OAI_REPOSITORY_NAME", "") or "National Archive"
        return ("<Identify>"
                f"<repositoryName>{text(name)}</repositoryName><baseURL>{text(self.base_url)}</baseURL>"
                "<protocolVersion>2.0</protocolVersion>"
                f"<adminEmail>{text(email)}</adminEmail>"
                f"<earliestDatestamp>{datestamp(earliest or timezone.now())}</earliestDatestamp>"
                "<deletedRecord>transient</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity>"
                "</Identify>")

    def _ListMetadataFormats(self, values: dict) -> str:  # noqa: N802
        if "identifier" in values:
            self._unit(values["identifier"])
        formats = "".join(
            f"<metadataFormat><metadataPrefix>{prefix}</metadataPrefix><schema>{schema}</schema>"
            f"<metadataNamespace>{namespace}</metadataNamespace></metadataFormat>"
            for prefix, (schema, namespace) in FORMATS.items())
        return f"<ListMetadataFormats>{formats}</ListMetadataFormats>"

    def _ListSets(self, values: dict) -> str:  # noqa: N802
        state = read_token("ListSets", values["resumptionToken"]) if "resumptionToken" in values else \
            {"k": "top", "l": 0, "c": 0}
        parts, count, kind, last = [], 0, state["k"], state["l"]
        if kind == "top":
            parts.append("<set><setSpec>archive</setSpec><setName>Archives</setName></set>"
                         "<set><setSpec>fonds</setSpec><setName>Fonds</setName></set>")
            count, kind, last = 2, "archive", 0
        if kind == "archive":
            archives = list(Archive.objects.filter(pk__gt=last).order_by("pk")[:SETS_PER_PAGE + 1])
            for archive in archives[:SETS_PER_PAGE]:
                parts.append(f"<set><setSpec>{text(archive_spec(archive))}</setSpec>"
                             f"<setName>{text(archive.name)}</setName></set>")
                last = archive.pk
            count += min(len(archives), SETS_PER_PAGE)
            if len(archives) > SETS_PER_PAGE:
                return self._list("ListSets", parts, {"k": "archive", "l": last}, state["c"], count)
            kind, last = "fonds", 0
        fonds_qs = access.fonds_visible_to(Fonds.objects.filter(pk__gt=last), self.user).select_related("archive")
        fonds_list = list(fonds_qs.order_by("pk")[:SETS_PER_PAGE + 1])
        for fonds in fonds_list[:SETS_PER_PAGE]:
            parts.append(f"<set><setSpec>fonds:{fonds.pk}</setSpec><setName>{text(fonds.archive.name)}, "
                         f"{text(fonds.reference_code)}. {text(fonds.title)}</setName></set>")
            last = fonds.pk
        count += min(len(fonds_list), SETS_PER_PAGE)
        more = {"k": "fonds", "l": last} if len(fonds_list) > SETS_PER_PAGE else None
        return self._list("ListSets", parts, more, state["c"], count)

    def _ListIdentifiers(self, values: dict) -> str:  # noqa: N802
        return self._list_units("ListIdentifiers", values, IDENTIFIERS_PER_PAGE)

    def _ListRecords(self, values: dict) -> str:  # noqa: N802
        return self._list_units("ListRecords", values, RECORDS_PER_PAGE)

    def _GetRecord(self, values: dict) -> str:  # noqa: N802
        prefix = values["metadataPrefix"]
        if prefix not in FORMATS:
            raise OaiError("cannotDisseminateFormat", f"The format {prefix} is not offered.")
        unit = self._unit(values["identifier"])
        fonds_ok = self._visible_fonds_ids([unit])
        return f"<GetRecord>{self._record(unit, prefix, fonds_ok)}</GetRecord>"

    # -------------------------------------------------------- units
    def _units(self) -> QuerySet[Unit]:
        return (Unit.objects.visible_to(self.user).select_related("inventory__fonds", "archive", "description")
                .defer(*HEAVY_FIELDS, "description__notes"))

    def _unit(self, identifier: str) -> Unit:
        unit_id = parse_identifier(identifier)
        unit = self._units().filter(pk=unit_id).first() if unit_id is not None else None
        if unit is None:
            raise OaiError("idDoesNotExist", "No record has this identifier.")
        return unit

    def _list_args(self, verb: str, values: dict) -> tuple[ListArgs, int, int]:
        if "resumptionToken" in values:
            state = read_token(verb, values["resumptionToken"])
            values = {"metadataPrefix": state["p"], **({"set": state["s"]} if state.get("s") else {}),
                      **({"from": state["f"]} if state.get("f") else {}),
                      **({"until": state["u"]} if state.get("u") else {})}
            last, cursor = state["l"], state["c"]
        else:
            last, cursor = 0, 0
        prefix = values["metadataPrefix"]
        from_raw, until_raw = values.get("from"), values.get("until")
        try:
            from_ = _parse_datestamp(from_raw, until=False) if from_raw else None
            until = _parse_datestamp(until_raw, until=True) if until_raw else None
        except ValueError as exc:
            raise OaiError("badArgument", "from and until are dates (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).") from exc
        if from_raw and until_raw and len(from_raw) != len(until_raw):
            raise OaiError("badArgument", "from and until have different granularities.")
        if from_ and until and from_ >= until:
            raise OaiError("badArgument", "from is after until.")
        if prefix not in FORMATS:
            raise OaiError("cannotDisseminateFormat", f"The format {prefix} is not offered.")
        set_spec = values.get("set")
        if set_spec is not None and not _SET_SPEC.match(set_spec):
            raise OaiError("badArgument", "The set is not a valid setSpec.")
        return ListArgs(prefix, set_spec, from_, until, from_raw, until_raw), last, cursor

    def _set_filter(self, set_spec: str | None) -> Q:
        if set_spec in (None, "archive", "fonds"):
            return Q()
        kind, _sep, value = set_spec.partition(":")
        if kind == "archive" and value:
            by_id = value.startswith("id-") and value[3:].isdigit() and len(value) <= 21  # ids fit 18 digits
            archive_id = (int(value[3:]) if by_id else
                          Archive.objects.filter(code=value).values_list("pk", flat=True).first())
            if archive_id is not None:
                return Q(archive_id=archive_id)
        if kind == "fonds" and value.isdigit() and len(value) <= 18:
            visible = access.fonds_visible_to(Fonds.objects.filter(pk=int(value)), self.user)
            if visible.exists():
                return Q(fonds_id=int(value))
        raise OaiError("noRecordsMatch", "There is no such set.")

    def _list_units(self, verb: str, values: dict, per_page: int) -> str:
        args, last, cursor = self._list_args(verb, values)
        qs = self._units().filter(self._set_filter(args.set_spec), pk__gt=last)
        if args.from_:
            qs = qs.filter(updated_at__gte=args.from_)
        if args.until:
            qs = qs.filter(updated_at__lt=args.until)
        units = list(qs.order_by("pk")[:per_page + 1])
        if not units:
            if cursor == 0:
                raise OaiError("noRecordsMatch", "No records match the request.")
            return f"<{verb}><resumptionToken cursor=\"{cursor}\"/></{verb}>"
        page = units[:per_page]
        fonds_ok = self._visible_fonds_ids(page)
        if verb == "ListRecords":
            parts = [self._record(u, args.prefix, fonds_ok) for u in page]
        else:
            parts = [self._header(u, fonds_ok) for u in page]
        more = None
        if len(units) > per_page:
            more = {"p": args.prefix, "s": args.set_spec, "f": args.from_raw, "u": args.until_raw, "l": page[-1].pk}
        return self._list(verb, parts, more, cursor, len(page))

    def _list(self, verb: str, parts: list[str], more: dict | None, cursor: int, count: int) -> str:
        """The list element, with a resumption token when more follow (or an empty one at the end
        of a list that was split)."""
        if more is not None:
            token, expires = make_token(verb, {**more, "c": cursor + count})
            parts.append(f"<resumptionToken expirationDate=\"{datestamp(expires)}\" cursor=\"{cursor}\">"
                         f"{text(token)}</resumptionToken>")
        elif cursor:
            parts.append(f"<resumptionToken cursor=\"{cursor}\"/>")
        return f"<{verb}>{''.join(parts)}</{verb}>"

    def _visible_fonds_ids(self, units: list[Unit]) -> set[int]:
        ids = {u.fonds_id for u in units}
        return set(access.fonds_visible_to(Fonds.objects.filter(pk__in=ids), self.user).values_list("pk", flat=True))

    def _header(self, unit: Unit, fonds_ok: set[int]) -> str:
        # A unit opened inside a closed fonds names only its archive: the fonds is no set a visitor
        # may know (ListSets leaves it out, and set=fonds:ID answers noRecordsMatch).
        fonds_set = f"<setSpec>fonds:{unit.fonds_id}</setSpec>" if unit.fonds_id in fonds_ok else ""
        return (f"<header><identifier>{unit_identifier(unit.pk)}</identifier>"
                f"<datestamp>{datestamp(unit.updated_at)}</datestamp>"
                f"<setSpec>{text(archive_spec(unit.archive))}</setSpec>{fonds_set}"
                "</header>")

    def _record(self, unit: Unit, prefix: str, fonds_ok: set[int]) -> str:
        metadata = self._dc(unit, fonds_ok) if prefix == "oai_dc" else unit_ead(unit, self.user, self.labels)
        return f"<record>{self._header(unit, fonds_ok)}<metadata>{metadata}</metadata></record>"

    def _dc(self, unit: Unit, fonds_ok: set[int]) -> str:
        view = access.unit_view(unit, self.user)
        fonds = unit.inventory.fonds
        parts = [f"<oai_dc:dc xmlns:oai_dc=\"{OAI_DC_NS}\" xmlns:dc=\"{DC_NS}\" xmlns:xsi=\"{XSI_NS}\" "
                 f"xsi:schemaLocation=\"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd\">",
                 f"<dc:title>{text(view.title)}</dc:title>",
                 f"<dc:identifier>{text(unit.archive.code)}, {text(unit.reference_code)}</dc:identifier>",
                 f"<dc:identifier>{text(settings.SITE_URL.rstrip('/'))}/api/v1/units/{unit.pk}/</dc:identifier>"]
        if unit.date_start or unit.date_end:
            dates = "/".join(d.isoformat() for d in (unit.date_start, unit.date_end) if d)
            parts.append(f"<dc:date>{dates}</dc:date>")
        parts.append(f"<dc:type>{DCMI_TYPE.get(unit.media, 'Text')}</dc:type>")
        parts.append(f"<dc:format>{text(self.labels.media.get(unit.media, unit.media))}</dc:format>")
        if unit.extent_sheets:
            parts.append(f"<dc:format>{unit.extent_sheets} sheets</dc:format>")
        if unit.duration_seconds:
            parts.append(f"<dc:format>{unit.duration_seconds} s</dc:format>")
        note = annotation_of(unit, view.full_access)
        if note:
            parts.append(f"<dc:description>{text(note)}</dc:description>")
        parts.append(f"<dc:publisher>{text(unit.archive.name)}</dc:publisher>")
        if fonds.pk in fonds_ok:
            parts.append(f"<dc:relation>{text(fonds.reference_code)}. {text(fonds.title)}</dc:relation>")
        level = self.labels.level.get(view.level, view.level)
        parts.append(f"<dc:rights>{text(level)}</dc:rights>")
        parts.append("</oai_dc:dc>")
        return "".join(parts)
