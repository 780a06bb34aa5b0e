"""The bulk path's search vectors (holdings/bulkload.py, migration 0007) are byte for byte the ones the
trigger computes, for open, personal, restricted and closed units (own or inherited levels, lapsed
restrictions, public titles or none), and the public vector holds no private word (design, 4 and 5)."""
import datetime as dt

import pytest
from django.db import connection, transaction

from holdings.bulkload import Target, UnitStaging
from holdings.models import Unit, UnitDescription, number_sort_key
from tests.factories import make_fonds, make_inventory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# title, public title, own level, restricted until, contains personal data, end date
CASES = [
    ("Протоколы заседаний исполкома", "", "inherit", None, False, dt.date(1950, 12, 31)),
    ("Приказы по личному составу", "Приказы по основной деятельности", "open", None, False, dt.date(1960, 1, 1)),
    # Personal data closed for 75 years after the end date: until 2076, or lapsed in 2005.
    ("Личное дело Жумабаевой Айгерим", "Личное дело работника исполкома", "personal", None, True,
     dt.date(2001, 5, 1)),
    ("Личное дело Касымова Нурлана", "Личное дело работника треста", "personal", None, True, dt.date(1930, 1, 1)),
    ("Анкеты Сулейменова Серика", "Анкеты работников", "inherit", None, True, dt.date(1999, 1, 1)),
    ("Переписка о спецпоселенцах", "", "restricted", dt.date(2090, 1, 1), False, dt.date(1950, 1, 1)),
    ("Переписка о переселении Байжанова", "Переписка отдела", "restricted", dt.date(2001, 1, 1), False, None),
    ("Шифротелеграммы особого сектора", "", "closed", None, False, None),
    ("Ведомость выдачи пайков", "Ведомость выдачи пайков", "personal", None, True, dt.date(2010, 1, 1)),
    ("Жеке іс: Серікбаев Ерлан", "Жеке іс", "inherit", None, False, dt.date(2015, 1, 1)),
    ("Донесения", "", "inherit", None, False, None),
]
# Words of titles that no visitor may find while the unit is not open (the 'simple' lexemes).
PRIVATE_WORDS = ["жумабаевой", "касымова", "сулейменова", "спецпоселенцах", "байжанова", "шифротелеграммы",
                 "серікбаев", "донесения"]


@pytest.fixture
def inventories(archive_a, alice):
    """An open inventory, a personal one (its units inherit "personal"), one in a closed fonds."""
    open_fonds = make_fonds(archive_a, "1", "Облисполком", actor=alice)
    closed_fonds = make_fonds(archive_a, "2", "Особый сектор", actor=alice, access_level="closed")
    return [make_inventory(open_fonds, "1", "Опись 1", actor=alice),
            make_inventory(open_fonds, "2", "Личные дела", actor=alice, access_level="personal"),
            make_inventory(closed_fonds, "1", "Опись 1", actor=alice)]


def bulk_load(inventories) -> None:
    targets = {(inv.fonds.number, inv.number): Target(
        inventory_id=inv.pk, fonds_id=inv.fonds_id, archive_id=inv.archive_id, inventory_level=inv.access_level,
        fonds_level=inv.fonds.access_level) for inv in inventories}
    with transaction.atomic(), UnitStaging() as staging:
        row_no = 0
        for inv in inventories:
            for n, (title, public, level, until, personal, end) in enumerate(CASES, start=1):
                row_no += 1
                staging.write((row_no, inv.fonds.number, inv.number, str(n), number_sort_key(str(n)), title, public,
                               None, end, None, None, "paper", level, until, personal, "",
                               f"Аннотация {n}" if n % 2 else ""))
        assert staging.insert(actor=None, targets=targets, locations={}) == len(CASES) * len(inventories)


def vectors(copies: bool | None = None) -> dict[str, tuple[bytes, bytes]]:
    """"inventory/number" -> (full, public) as PostgreSQL sends them (the binary form); copies are the
    units whose number ends in "c"."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT inventory_id::text || '/' || number, tsvectorsend(search_full), "
                       "tsvectorsend(search_public) FROM holdings_unit "
                       "WHERE %s::boolean IS NULL OR (number LIKE '%%c') = %s::boolean", [copies, copies])
        return {key: (bytes(full), bytes(public)) for key, full, public in cursor.fetchall()}


def test_bulk_vectors_are_the_triggers_and_public_ones_hold_no_private_word(inventories):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'holdings_unit_vectors_insert'")
        assert "WHEN" in cursor.fetchone()[0]  # it steps aside: the vectors compared below are the bulk path's
    bulk_load(inventories)
    levels = set(Unit.objects.values_list("effective_access", flat=True))
    assert levels == {"open", "personal", "restricted", "closed"}
    loaded = vectors()
    assert len(loaded) == len(CASES) * 3 and all(full and public is not None for full, public in loaded.values())

    # The definition of migration 0002 (one to_tsvector per text, no shortcuts), row by row.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT inventory_id::text || '/' || number, "
            "tsvectorsend(holdings_text_vector(title, 'A') || holdings_text_vector(public_title, 'B')), "
            "tsvectorsend(holdings_text_vector(holdings_unit_public_text(title, public_title, effective_access, "
            "restricted_until), 'A')) FROM holdings_unit")
        reference = {key: (bytes(full), bytes(public)) for key, full, public in cursor.fetchall()}
    assert loaded == reference

    # The insert trigger: the same rows inserted without vectors (as every write but the bulk path does).
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO holdings_unit (inventory_id, fonds_id, archive_id, number, sort_key, title, public_title,
                date_start, date_end, media, access_level, effective_access, restricted_until,
                contains_personal_data, status, value_category, retention, digital_count, created_at, updated_at)
            SELECT inventory_id, fonds_id, archive_id, number || 'c', sort_key + 1, title, public_title,
                date_start, date_end, media, access_level, effective_access, restricted_until,
                contains_personal_data, status, value_category, retention, digital_count, created_at, updated_at
            FROM holdings_unit""")
    copied = vectors(copies=True)
    assert {key[:-1]: value for key, value in copied.items()} == loaded

    # Vectors brought along by any insert but the bulk path's are recomputed.
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO holdings_unit (inventory_id, fonds_id, archive_id, number, sort_key, title, public_title,
                date_start, date_end, media, access_level, effective_access, restricted_until,
                contains_personal_data, status, value_category, retention, digital_count, created_at, updated_at,
                search_full, search_public)
            SELECT inventory_id, fonds_id, archive_id, number || 'x', sort_key + 2, title, public_title,
                date_start, date_end, media, access_level, effective_access, restricted_until,
                contains_personal_data, status, value_category, retention, digital_count, created_at, updated_at,
                search_full, search_full
            FROM holdings_unit WHERE number NOT LIKE '%c'""")
        cursor.execute("SELECT inventory_id::text || '/' || left(number, -1), tsvectorsend(search_full), "
                       "tsvectorsend(search_public) FROM holdings_unit WHERE number LIKE '%x'")
        assert {key: (bytes(full), bytes(public)) for key, full, public in cursor.fetchall()} == loaded
    Unit.objects.filter(number__endswith="x").delete()

    # The update trigger recomputes them the same way.
    Unit.objects.update(search_public=None)
    assert vectors(copies=False) == loaded

    # Units not open to visitors: restricted and closed ones have an empty public vector, personal ones
    # only the words of their public title; their full vectors keep every word (for staff).
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, effective_access, search_public = ''::tsvector, "
                       "array_to_string(tsvector_to_array(search_public), ' '), "
                       "array_to_string(tsvector_to_array(search_full), ' ') FROM holdings_unit "
                       "WHERE effective_access <> 'open' AND (restricted_until IS NULL "
                       "OR restricted_until >= CURRENT_DATE)")
        private = cursor.fetchall()
    assert {level for _t, level, *_rest in private} == {"personal", "restricted", "closed"}
    for title, level, empty, public, full in private:
        assert empty or level == "personal", title
        for word in PRIVATE_WORDS:
            if word in title.lower():
                assert word not in public.split() and word in full.split(), title

def test_bulk_descriptions_go_to_their_units(inventories):
    bulk_load(inventories)
    descriptions = UnitDescription.objects.select_related("unit")
    assert len(descriptions) == 3 * len([n for n in range(1, len(CASES) + 1) if n % 2])
    assert all(d.annotation == f"Аннотация {d.unit.number}" for d in descriptions)


def test_a_check_only_staging_cannot_load(inventories):
    with transaction.atomic(), UnitStaging(for_load=False) as staging, pytest.raises(ValueError):
        staging.insert(actor=None, targets={}, locations={})
