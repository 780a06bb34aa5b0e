"""Catalogue search over units, inventories and fonds (design, section 4).

On PostgreSQL units are matched through the stored vectors that migration 0002's trigger fills:
`search_public` (only what a visitor may see) for everyone, and `search_full` only inside the
scope where the user sees full records (staff archives, granted fonds and units). The full
vector is never searched with a visibility filter applied afterwards, so a word that occurs only
in private records costs nothing and finds nothing. The query is Russian (stemmed, websearch
syntax) OR Kazakh-friendly prefixes in the `simple` configuration. Results are ordered by id (an
indexed key, newest first) with a keyset cursor; counts are exact up to EXACT_COUNT_LIMIT and the
planner's estimate above it.

On SQLite (the embedded default) a simple fallback matches the text the user may see with LIKE.

Which units a user may see and how their titles read is decided in holdings/access.py; the
results are fetched through `Unit.objects.visible_to(user)` and shown through `access.unit_view`."""
from __future__ import annotations

import base64
import datetime as dt
import json
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import access
from .choices import AccessLevel, Media
from .models import Archive, Fonds, Inventory, Unit

EXACT_COUNT_LIMIT = 1000
MAX_LIMIT = 100
MAX_TERMS = 8
OTHER_RESULTS = 5  # fonds and inventories shown beside the units on the first page

_WORD = re.compile(r"[^\W_]+")


class SearchError(ValueError):
    """Bad search input (an unreadable cursor); the message is for the user."""


@dataclass
class SearchPage:
    """One page of unit results, with the fonds and inventories that match (first page only)."""

    results: list[Unit]
    next_after: str | None
    previous_before: str | None
    count: int
    count_is_estimate: bool
    fonds: list[Fonds] = field(default_factory=list)
    inventories: list[Inventory] = field(default_factory=list)


# ---------------------------------------------------------------- query text
def terms(q: str | None) -> list[str]:
    """The words of a query, lower-cased (at most MAX_TERMS, each at most 50 characters)."""
    return [t[:50] for t in _WORD.findall((q or "").lower())][:MAX_TERMS]


def _prefix_query(words: list[str]) -> str:
    # Kazakh has no stemmer: words of three letters or more match as prefixes ("мұрағ" finds
    # "мұрағаты"); shorter ones must match whole, or a one-letter prefix would scan the index.
    return " & ".join(f"{w}:*" if len(w) >= 3 else w for w in words)


def ts_query(q: str) -> SearchQuery:
    """Russian websearch query OR the prefix query over unstemmed (`simple`) lexemes."""
    russian = SearchQuery(q, config="russian", search_type="websearch")
    words = terms(q)
    if not words:
        return russian
    return russian | SearchQuery(_prefix_query(words), config="simple", search_type="raw")


def _stem(word: str) -> str:
    """A crude stem for highlighting: enough of the word to match its Russian/Kazakh endings."""
    if len(word) >= 6:
        return word[:-2]
    if len(word) >= 4:
        return word[:-1]
    return word


def highlight_text(text: str, q: str | None) -> SafeString:
    """Escapes `text` and wraps the words that match the query in <mark>."""
    stems = [_stem(w) for w in terms(q)]
    if not stems:
        return escape(text)
    out = []
    for part in re.split(r"([^\W_]+)", text):
        if part and _WORD.fullmatch(part) and any(part.lower().startswith(s) for s in stems):
            out.append(f"<mark>{escape(part)}</mark>")
        else:
            out.append(escape(part))
    return mark_safe("".join(out))  # noqa: S308 - every piece was escaped above


def highlight(unit: Unit, user, q: str | None) -> SafeString:
    """The title the user may see (redacted where needed), with matched words marked.
    Hidden text is never looked at, so a mark never betrays a private word."""
    return highlight_text(access.unit_view(unit, user).title, q)


# ---------------------------------------------------------------- cursors
def encode_cursor(unit_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"id": unit_id}).encode()).decode().rstrip("=")


def decode_cursor(value: str | None) -> int | None:
    if not value:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        unit_id = json.loads(raw)["id"]
        if not isinstance(unit_id, int) or unit_id < 0:
            raise ValueError
        return unit_id
    except (ValueError, KeyError, TypeError) as exc:
        from django.utils.translation import gettext as _

        raise SearchError(_("The page cursor is not valid.")) from exc


# ---------------------------------------------------------------- filters
def _pk(value) -> int | None:
    if value is None or value == "":
        return None
    return value.pk if hasattr(value, "pk") else int(value)


def _is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and (user.is_superuser or access.staff_archive_ids(user)))


def _filters(*, user, archive, fonds, date_from, date_to, media, digitized, access_level) -> Q | None:
    """The filters as one Q (None when they cannot match anything, e.g. an unknown media)."""
    if (media and media not in Media.values) or (access_level and access_level not in AccessLevel.values):
        return None
    q = Q()
    if (archive_id := _pk(archive)) is not None:
        q &= Q(archive_id=archive_id)
    if (fonds_id := _pk(fonds)) is not None:
        q &= Q(fonds_id=fonds_id)
    if media:
        q &= Q(media=media)
    if digitized is not None:
        q &= Q(digital_count__gt=0) if digitized else Q(digital_count=0)
    if date_from:
        q &= Q(date_end__gte=date_from) | Q(date_end__isnull=True, date_start__gte=date_from)
    if date_to:
        q &= Q(date_start__lte=date_to) | Q(date_start__isnull=True, date_end__lte=date_to)
    if access_level and _is_staff(user):
        q &= access.level_in_force_q(access_level)  # as the units API filters (a lapsed one is open)
    return q


def _full_scope(user) -> Q | None:
    """Where the user may search the full vector: None for nowhere, Q() for everywhere."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Q()
    parts = []
    if staff := access.staff_archive_ids(user):
        parts.append(Q(archive_id__in=staff))
    # The same grants as access.full_access_q (never closed records), so that neither the results
    # nor their count can tell a researcher that a closed record holds a word.
    if (granted := access.grant_scope_q(access.live_grants(user))) is not None:
        parts.append(granted)
    if not parts:
        return None
    scope = parts[0]
    for part in parts[1:]:
        scope |= part
    return scope


# ---------------------------------------------------------------- units
def search_units(*, user, q: str | None, archive: Archive | int | None = None, fonds: Fonds | int | None = None,
                 date_from: dt.date | None = None, date_to: dt.date | None = None, media: str | None = None,
                 digitized: bool | None = None, access_level: str | None = None, after: str | None = None,
                 before: str | None = None, limit: int = 20, with_others: bool = True) -> SearchPage:
    """Units (and, on the first page, fonds and inventories) matching `q` that `user` may see.

    `after` / `before` are the opaque cursors of the previous answer (`next_after`,
    `previous_before`). Results carry `full_access` and have their reference codes loaded."""
    limit = max(1, min(int(limit or 20), MAX_LIMIT))
    after_id, before_id = decode_cursor(after), decode_cursor(before)
    q = (q or "").strip()[:500]
    filters = _filters(user=user, archive=archive, fonds=fonds, date_from=date_from, date_to=date_to,
                       media=media, digitized=digitized, access_level=access_level)
    if filters is None or (not q and not filters):
        return SearchPage([], None, None, 0, False)
    if connection.vendor == "postgresql":
        branches = _pg_branches(user, q, filters)
    else:
        branches = [_fallback_queryset(user, q, filters)]
    branches = [_sql(b) for b in branches]
    ids, has_more = _page_ids(branches, after_id=after_id, before_id=before_id, limit=limit)
    by_id = (Unit.objects.filter(pk__in=ids).visible_to(user).with_codes()
             .defer("search_public", "search_full").in_bulk())
    results = [by_id[i] for i in ids if i in by_id]
    if before_id is not None:
        # Going back, older units always follow: from this page's last one (or from `before` itself).
        next_after = encode_cursor(ids[-1] if ids else before_id + 1)
        previous_before = encode_cursor(ids[0]) if (ids and has_more) else None
    else:
        next_after = encode_cursor(ids[-1]) if (ids and has_more) else None
        previous_before = encode_cursor(ids[0]) if (ids and after_id is not None) else None
    count, estimate = _count(branches)
    page = SearchPage(results, next_after, previous_before, count, estimate)
    if with_others and q and after_id is None and before_id is None:
        page.fonds = search_fonds(user=user, q=q, archive=archive, limit=OTHER_RESULTS)
        page.inventories = search_inventories(user=user, q=q, archive=archive, fonds=fonds, limit=OTHER_RESULTS)
    return page


def _pg_branches(user, q: str, filters: Q) -> list[QuerySet]:
    base = Unit.objects.filter(filters)
    if not q:
        # Filters only: what the user may know exists (the access rule decides).
        return [Unit.objects.visible_to(user).filter(filters)]
    query = ts_query(q)
    scope = _full_scope(user)
    if scope is not None and not scope:  # a superuser: the full vector everywhere
        return [base.filter(search_full=query)]
    branches = [base.filter(search_public=query)]
    if scope is not None:
        branches.append(base.filter(scope, search_full=query))
    return branches


def _fallback_queryset(user, q: str, filters: Q) -> QuerySet:
    """SQLite: LIKE over the text the user may see (the full title where the user has full access,
    the public title of a personal unit, nothing of a restricted or closed one)."""
    qs = Unit.objects.visible_to(user).filter(filters)
    for word in terms(q):
        # SQLite's LIKE folds case for ASCII only: try the usual spellings of a Cyrillic word.
        variants = {word, word.capitalize(), word.upper()}
        full = Q()
        public = Q()
        for v in variants:
            full |= Q(title__contains=v)
            public |= Q(public_title__contains=v)
        qs = qs.filter((Q(full_access=True) & full)
                       | (Q(full_access=False, effective_access=AccessLevel.PERSONAL) & public))
    return qs


ESTIMATE_ABOVE = 10 * EXACT_COUNT_LIMIT  # above this estimate the exact probe is not even tried


def _sql(qs: QuerySet) -> tuple[str, list]:
    """A branch's SQL (ids only, unordered), compiled once and then wrapped by the page, the count
    probe and EXPLAIN (PostgreSQL and SQLite flatten the simple subquery, so indexes still apply)."""
    sql, params = qs.values_list("id", flat=True).order_by().query.sql_with_params()
    return sql, list(params)


def _page_ids(branches: list[tuple[str, list]], *, after_id: int | None, before_id: int | None,
              limit: int) -> tuple[list[int], bool]:
    """The next `limit` ids in keyset order (newest first), and whether more follow."""
    if before_id is not None:
        where, bound, direction = "WHERE b.id > %s", [before_id], "ASC"
    elif after_id is not None:
        where, bound, direction = "WHERE b.id < %s", [after_id], "DESC"
    else:
        where, bound, direction = "", [], "DESC"
    parts, params = [], []
    for sql, p in branches:
        parts.append(f"SELECT b.id FROM ({sql}) b {where} ORDER BY b.id {direction} LIMIT %s")  # noqa: S608
        params += [*p, *bound, limit + 1]
    if len(parts) == 1:
        query = parts[0]
    else:
        query = " UNION ".join(f"({part})" for part in parts)
        query = f"SELECT id FROM ({query}) u ORDER BY id {direction} LIMIT %s"  # noqa: S608
        params.append(limit + 1)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        ids = [row[0] for row in cursor.fetchall()]
    has_more = len(ids) > limit
    ids = ids[:limit]
    if before_id is not None:
        ids.reverse()
    return ids, has_more


def _count(branches: list[tuple[str, list]]) -> tuple[int, bool]:
    """Exact up to EXACT_COUNT_LIMIT (a LIMIT probe), else the planner's estimate (PostgreSQL).
    A broad query is not probed at all: the estimate is asked first, and well above the limit it
    is the answer (probing would build the whole bitmap of a few hundred thousand matches)."""
    union = " UNION ".join(f"({sql})" for sql, _p in branches)
    params = [p for _sql_text, ps in branches for p in ps]
    probe = EXACT_COUNT_LIMIT + 1
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(f"SELECT count(*) FROM ({union}) u", params)  # noqa: S608
            return cursor.fetchone()[0], False
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT id FROM ({union}) u", params)  # noqa: S608
        plan = cursor.fetchone()[0]
        estimate = int((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"])
        if estimate > ESTIMATE_ABOVE:
            return estimate, True
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM ({union}) u LIMIT %s) c", [*params, probe])  # noqa: S608
        exact = cursor.fetchone()[0]
    if exact <= EXACT_COUNT_LIMIT:
        return exact, False
    return max(estimate, probe), True


# ---------------------------------------------------------------- fonds and inventories
def _title_vector() -> Func:
    """The expression of the GIN indexes on fonds and inventory titles (migration 0005)."""
    return Func(F("title"), Value("A"), function="holdings_text_vector", output_field=SearchVectorField())


def _title_match(qs: QuerySet, q: str) -> QuerySet:
    if connection.vendor == "postgresql":
        return qs.annotate(title_vector=_title_vector()).filter(title_vector=ts_query(q))
    for word in terms(q):
        cond = Q()
        for v in {word, word.capitalize(), word.upper()}:
            cond |= Q(title__contains=v)
        qs = qs.filter(cond)
    return qs


def search_fonds(*, user, q: str, archive: Archive | int | None = None, limit: int = OTHER_RESULTS) -> list[Fonds]:
    """Fonds whose title matches, among those the user may see (closed ones only with rights)."""
    if not terms(q):
        return []
    qs = Fonds.objects.all()
    if (archive_id := _pk(archive)) is not None:
        qs = qs.filter(archive_id=archive_id)
    qs = access.fonds_visible_to(_title_match(qs, q), user).select_related("archive")
    return list(qs.order_by("-id")[:limit])


def search_inventories(*, user, q: str, archive: Archive | int | None = None, fonds: Fonds | int | None = None,
                       limit: int = OTHER_RESULTS) -> list[Inventory]:
    """Inventories whose title matches, among those the user may see."""
    if not terms(q):
        return []
    qs = Inventory.objects.all()
    if (archive_id := _pk(archive)) is not None:
        qs = qs.filter(archive_id=archive_id)
    if (fonds_id := _pk(fonds)) is not None:
        qs = qs.filter(fonds_id=fonds_id)
    qs = access.inventories_visible_to(_title_match(qs, q), user).select_related("fonds", "archive")
    return list(qs.order_by("-id")[:limit])

