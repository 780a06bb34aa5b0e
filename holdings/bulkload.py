"""The bulk path that writes many units at once: imports and generated data (design, section 4).

PostgreSQL: rows are streamed with COPY (psycopg 3 `cursor.copy`) into a temporary staging table,
checked against existing units with one join, and moved into holdings_unit with one set-based
INSERT ... SELECT that resolves the effective access level and the default restriction of personal
data in SQL. No save(), no per-row signal. Work that needs no resolved level is done while the rows
stream in, so that the PostgreSQL backend works on one core while Python reads the file on the
other: the staging table parses the titles into search vectors (generated columns) and takes the
units' ids from their sequence (a column default). The INSERT then combines the parsed vectors with
the functions the search-vector trigger uses (migration 0007), so the trigger steps aside for it and
the vectors are identical to the trigger's. Counters move in one UPDATE per table; one change record is
written per inventory.

SQLite (the embedded default): the same rows go through services.units_create (bulk_create per
inventory).

Always used inside transaction.atomic(): the staging tables live until the transaction ends."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from . import services
from .models import ChangeRecord, Fonds, Inventory, StorageLocation, Unit, UnitDescription

# The normalized row every producer (importer, generator) writes, in this order.
ROW_FIELDS = ("row_no", "fonds_no", "inv_no", "number", "sort_key", "title", "public_title", "date_start",
              "date_end", "sheets", "duration", "media", "access_level", "restricted_until", "personal", "location",
              "annotation")
_STAGING_TYPES = ("integer", "text", "text", "text", "bigint", "text", "text", "date", "date", "integer", "integer",
                  "text", "text", "date", "boolean", "text", "text")
STAGING = "holdings_import_staging"
INVMAP = "holdings_import_invmap"
LOCMAP = "holdings_import_locmap"

# Filled while the rows stream in (staging for a load only): the titles parsed exactly as the trigger
# parses them (migration 0007), and the unit's id, so that descriptions need no join back to the units.
_LOAD_COLUMNS = (
    "title_v tsvector GENERATED ALWAYS AS (holdings_text_vector(title, 'A')) STORED",
    "public_v tsvector GENERATED ALWAYS AS (CASE WHEN public_title <> '' "
    "THEN holdings_text_vector(public_title, 'B') END) STORED",
    "id bigint DEFAULT nextval({sequence}::regclass)",
)

# Unit columns the INSERT ... SELECT fills from the staging row; every other column gets its default.
# x.lvl is the effective level and y.until the restriction date (resolved in the INSERT's joins).
_FROM_STAGING = {
    "id": "s.id", "inventory_id": "m.inventory_id", "fonds_id": "m.fonds_id", "archive_id": "m.archive_id",
    "number": "s.number", "sort_key": "s.sort_key", "title": "s.title", "public_title": "s.public_title",
    "date_start": "s.date_start", "date_end": "s.date_end", "extent_sheets": "s.sheets",
    "duration_seconds": "s.duration", "media": "s.media", "access_level": "s.access_level",
    "effective_access": "x.lvl", "restricted_until": "y.until",
    "contains_personal_data": "(s.personal OR x.lvl = 'personal')", "storage_location_id": "l.id",
    "created_at": "%(now)s", "updated_at": "%(now)s",
    "search_full": "holdings_unit_full_vector(s.title_v, s.public_v)",
    "search_public": "holdings_unit_public_vector(s.title, s.public_title, x.lvl, y.until, s.title_v, "
                     "s.public_v)",
}


@dataclass(frozen=True)
class Target:
    """Where the units of one (fonds number, inventory number) pair go."""

    inventory_id: int
    fonds_id: int
    archive_id: int
    inventory_level: str
    fonds_level: str


Key = tuple[str, str]


class UnitStaging:
    """Collects normalized rows (ROW_FIELDS) and writes them as units in one set-based step."""

    def __init__(self, *, for_load: bool = True, progress: Callable[[int], None] | None = None,
                 every: int = 20000):
        """`for_load=False` stages rows for a check only (a dry run): no vectors parsed, no ids taken."""
        self.postgres = connection.vendor == "postgresql"
        self.for_load = for_load
        self.rows: list[tuple] = []
        self.written = 0
        self._progress = progress
        self._every = every
        self._copy_cm = None
        self._copy = None

    # -------------------------------------------------------- writing rows
    def __enter__(self) -> UnitStaging:
        if self.postgres:
            columns = [f"{n} {t}" for n, t in zip(ROW_FIELDS, _STAGING_TYPES, strict=True)]
            self._cursor = connection.cursor()
            if self.for_load:
                self._cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')::regclass::oid",
                                     [Unit._meta.db_table])
                sequence = int(self._cursor.fetchone()[0])
                columns.extend(c.format(sequence=sequence) for c in _LOAD_COLUMNS)
            # The statements of this path run once each over many rows, so the planner would JIT-compile
            # them (it does above a cost that a few hundred thousand rows reach): that costs time and
            # saves none, the work being in text parsing and index upkeep.
            self._cursor.execute(f"SET LOCAL jit = off; DROP TABLE IF EXISTS {STAGING}; DROP TABLE IF EXISTS "
                                 f"{INVMAP}; DROP TABLE IF EXISTS {LOCMAP}; "
                                 f"CREATE TEMPORARY TABLE {STAGING} ({', '.join(columns)}) ON COMMIT DROP")
            self._copy_cm = self._cursor.copy(f"COPY {STAGING} ({', '.join(ROW_FIELDS)}) FROM STDIN")
            self._copy = self._copy_cm.__enter__()
        return self

    def write(self, row: tuple) -> None:
        if self._copy is not None:
            self._copy.write_row(row)
        else:
            self.rows.append(row)
        self.written += 1
        if self._progress is not None and self.written % self._every == 0:
            self._progress(self.written)

    def close(self) -> None:
        """Ends the COPY (the staging table is then complete)."""
        if self._copy_cm is not None:
            self._copy_cm.__exit__(None, None, None)
            self._copy_cm = self._copy = None

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._copy_cm is not None:
            self._copy_cm.__exit__(exc_type, exc, tb)
            self._copy_cm = self._copy = None
        if self.postgres:
            self._cursor.close()

    # -------------------------------------------------------- checks
    def conflicts(self, targets: dict[Key, Target], limit: int = 1000) -> tuple[list[tuple], int]:
        """Rows whose unit number is already used in an existing inventory: ([(row, fonds, inv, number)], total)."""
        self.close()
        if not targets:
            return [], 0
        if self.postgres:
            self._fill_invmap(targets)
            with connection.cursor() as cursor:
                # Statistics on the join columns only (sampling the vectors would take longer): with them
                # the planner reads each inventory's existing numbers once instead of probing the unique
                # index once per staged row. (The INSERT needs none: it reads the staging table once.)
                cursor.execute(f"ANALYZE {STAGING} (fonds_no, inv_no, number)")
                cursor.execute(
                    f"SELECT s.row_no, s.fonds_no, s.inv_no, s.number, count(*) OVER () FROM {STAGING} s "  # noqa: S608
                    f"JOIN {INVMAP} m ON m.fonds_no = s.fonds_no AND m.inv_no = s.inv_no "
                    f"JOIN {Unit._meta.db_table} u ON u.inventory_id = m.inventory_id AND u.number = s.number "
                    "ORDER BY s.row_no LIMIT %s", [limit])
                found = cursor.fetchall()
            return [r[:4] for r in found], (found[0][4] if found else 0)
        by_inventory: dict[int, dict[str, int]] = defaultdict(dict)
        keys: dict[int, Key] = {}
        for row in self.rows:
            target = targets.get((row[1], row[2]))
            if target is not None:
                by_inventory[target.inventory_id][row[3]] = row[0]
                keys[target.inventory_id] = (row[1], row[2])
        found = []
        for inventory_id, numbers in by_inventory.items():
            names = list(numbers)
            for i in range(0, len(names), 500):
                taken = Unit.objects.filter(inventory_id=inventory_id, number__in=names[i:i + 500]).values_list(
                    "number", flat=True)
                found.extend((numbers[n], *keys[inventory_id], n) for n in taken)
        found.sort()
        return found[:limit], len(found)

    def _fill_invmap(self, targets: dict[Key, Target]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {INVMAP}; CREATE TEMPORARY TABLE {INVMAP} (fonds_no text, "
                           "inv_no text, inventory_id bigint, fonds_id bigint, archive_id bigint, inv_level text, "
                           "fonds_level text) ON COMMIT DROP")
            with cursor.copy(f"COPY {INVMAP} FROM STDIN") as copy:
                for (fonds_no, inv_no), t in targets.items():
                    copy.write_row((fonds_no, inv_no, t.inventory_id, t.fonds_id, t.archive_id, t.inventory_level,
                                    t.fonds_level))
            cursor.execute(f"ANALYZE {INVMAP}")

    def _fill_locmap(self, locations: dict[str, StorageLocation]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {LOCMAP}; CREATE TEMPORARY TABLE {LOCMAP} "
                           "(location text PRIMARY KEY, id bigint) ON COMMIT DROP")
            with cursor.copy(f"COPY {LOCMAP} FROM STDIN") as copy:
                for key, location in locations.items():
                    copy.write_row((key, location.pk))

    # -------------------------------------------------------- loading
    def insert(self, *, actor, targets: dict[Key, Target], locations: dict[str, StorageLocation],
               source: str = "", now: dt.datetime | None = None) -> int:
        """Writes the staged rows as units; returns how many. Call inside transaction.atomic()."""
        self.close()
        now = now or timezone.now()
        if not self.postgres:
            return self._insert_with_services(actor=actor, targets=targets, locations=locations, source=source)
        if not self.for_load:
            raise ValueError("these rows were staged for a check only")
        self._fill_invmap(targets)
        self._fill_locmap(locations)
        user_id = actor.pk if actor is not None and actor.is_authenticated else None
        columns, values, params = [], [], {"years": settings.PERSONAL_DATA_CLOSED_YEARS, "now": now}
        for f in Unit._meta.concrete_fields:
            columns.append(f.column)
            if f.column in _FROM_STAGING:
                values.append(_FROM_STAGING[f.column])
            else:
                params[f"d_{f.column}"] = f.get_db_prep_save(f.get_default(), connection)
                values.append(f"%(d_{f.column})s")
        unit_table = Unit._meta.db_table
        counts = (f"SELECT m.inventory_id, m.fonds_id, m.archive_id, count(*) AS n FROM {STAGING} s "  # noqa: S608
                  f"JOIN {INVMAP} m ON m.fonds_no = s.fonds_no AND m.inv_no = s.inv_no "
                  "GROUP BY m.inventory_id, m.fonds_id, m.archive_id")
        with connection.cursor() as cursor:
            # The search-vector trigger steps aside for this INSERT only (migration 0007); should the INSERT
            # fail, the rollback of the transaction or savepoint undoes the setting too.
            # The GIN indexes keep their default pending list: a larger gin_pending_list_limit only moves
            # the merge to the end of the load (or onto the next writer) and measured no faster.
            cursor.execute("SET LOCAL holdings.bulk_vectors = on")
            cursor.execute(
                f"INSERT INTO {unit_table} ({', '.join(columns)}) SELECT {', '.join(values)} "  # noqa: S608
                f"FROM {STAGING} s JOIN {INVMAP} m ON m.fonds_no = s.fonds_no AND m.inv_no = s.inv_no "
                "CROSS JOIN LATERAL (SELECT CASE WHEN s.access_level <> 'inherit' THEN s.access_level "
                "WHEN m.inv_level <> 'inherit' THEN m.inv_level ELSE m.fonds_level END AS lvl) x "
                "CROSS JOIN LATERAL (SELECT COALESCE(s.restricted_until, CASE WHEN (x.lvl = 'personal' "
                "OR s.personal) AND s.date_end IS NOT NULL "
                "THEN (s.date_end + make_interval(years => %(years)s))::date END) AS until) y "
                f"LEFT JOIN {LOCMAP} l ON l.location = s.location", params)
            inserted = cursor.rowcount
            cursor.execute("SET LOCAL holdings.bulk_vectors = off")
            cursor.execute(
                f"INSERT INTO {UnitDescription._meta.db_table} (unit_id, annotation, notes) "  # noqa: S608
                f"SELECT s.id, s.annotation, '' FROM {STAGING} s "
                f"JOIN {INVMAP} m ON m.fonds_no = s.fonds_no AND m.inv_no = s.inv_no WHERE s.annotation <> ''")
            cursor.execute(f"CREATE TEMPORARY TABLE holdings_import_counts ON COMMIT DROP AS {counts}")
            cursor.execute(f"UPDATE {Inventory._meta.db_table} i SET unit_count = i.unit_count + c.n "  # noqa: S608
                           "FROM holdings_import_counts c WHERE i.id = c.inventory_id")
            cursor.execute(f"UPDATE {Fonds._meta.db_table} f SET unit_count = f.unit_count + c.n "  # noqa: S608
                           "FROM (SELECT fonds_id, sum(n) AS n FROM holdings_import_counts GROUP BY fonds_id) c "
                           "WHERE f.id = c.fonds_id")
            cursor.execute(
                f"INSERT INTO {ChangeRecord._meta.db_table} (archive_id, fonds_id, inventory_id, user_id, at, "  # noqa: S608
                "action, changes) SELECT c.archive_id, c.fonds_id, c.inventory_id, %s, %s, 'import', "
                "jsonb_build_object('units', c.n, 'source', %s::text) FROM holdings_import_counts c",
                [user_id, now, source[:200]])
            cursor.execute("DROP TABLE holdings_import_counts")
        return inserted

    def _insert_with_services(self, *, actor, targets: dict[Key, Target], locations: dict[str, StorageLocation],
                              source: str) -> int:
        grouped: dict[Key, list[services.UnitData]] = defaultdict(list)
        for r in self.rows:
            grouped[(r[1], r[2])].append(services.UnitData(
                number=r[3], title=r[5], public_title=r[6], date_start=r[7], date_end=r[8], extent_sheets=r[9],
                duration_seconds=r[10], media=r[11], access_level=r[12], restricted_until=r[13],
                contains_personal_data=r[14], storage_location=locations.get(r[15]) if r[15] else None,
                annotation=r[16]))
        inventories = Inventory.objects.in_bulk([targets[k].inventory_id for k in grouped])
        total = 0
        for key, rows in grouped.items():
            total += len(services.units_create(actor=actor, inventory=inventories[targets[key].inventory_id],
                                               rows=rows, action="import"))
        return total


def location_key(parts: Sequence[str]) -> str:
    """"Building / room / rack / shelf" with the parts trimmed (the form the importer reads)."""
    return " / ".join(p.strip() for p in parts)


def ensure_locations(*, actor, archive, keys: set[str]) -> dict[str, StorageLocation]:
    """The storage locations named by `keys` ("building / room / rack / shelf"), made where missing."""
    if not keys:
        return {}
    wanted = {}
    for key in keys:
        parts = [p.strip() for p in key.split("/")] + ["", "", ""]
        wanted[key] = tuple(parts[:4])
    existing = {}
    buildings = {w[0] for w in wanted.values()}
    for loc in StorageLocation.objects.filter(archive=archive, building__in=buildings):
        existing[(loc.building, loc.room, loc.rack, loc.shelf)] = loc
    out = {}
    for key, parts in wanted.items():
        loc = existing.get(parts)
        if loc is None:
            loc = services.storage_location_create(actor=actor, archive=archive, building=parts[0], room=parts[1],
                                                   rack=parts[2], shelf=parts[3])
            existing[parts] = loc
        out[key] = loc
    return out
