"""Catalogue search (holdings/search.py) on both databases: what each user finds, filters, keyset
pages, counts, highlighting; fonds and inventories."""
import datetime as dt

import pytest
from django.db import connection

from holdings import access, search
from tests.factories import make_inventory, make_unit
from tests.holdings.export_support import catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(archive_a, alice):
    return catalogue(archive_a, actor=alice)


def numbers(page) -> list[str]:
    return [u.number for u in page.results]


def found(user, q, **kw) -> set[int]:
    return {u.pk for u in search.search_units(user=user, q=q, **kw).results}


def test_visitor_finds_open_titles_and_public_titles_only(data, carol):
    for user in (None, carol):
        assert found(user, "Протоколы") == {data["open"].pk}
        # The personal unit is found by the words of its public title, never by the name in its title.
        assert found(user, "работника") == {data["personal"].pk}
        assert found(user, "Жумабаевой") == set()
        assert found(user, "спецпоселенцах") == set()
        assert found(user, "Шифротелеграммы") == set()
        assert found(user, "отдела") == set()


def test_staff_find_full_titles_in_their_archive_only(data, alice, bob, adam):
    assert found(alice, "Жумабаевой") == {data["personal"].pk}
    assert found(alice, "Шифротелеграммы") == {data["closed"].pk}
    assert found(alice, "Донесения") == {data["in_closed_fonds"].pk}
    assert found(bob, "Жумабаевой") == set()
    assert found(bob, "Шифротелеграммы") == set()


def test_superuser_finds_everything(data, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.kz", "x-password-1")
    assert found(root, "Шифротелеграммы") == {data["closed"].pk}


def test_grant_opens_search_and_revocation_closes_it(data, carol, alice):
    access.grant_access(user=carol, actor=alice, unit=data["personal"], ground="heir")
    assert found(carol, "Жумабаевой") == {data["personal"].pk}
    access.revoke_access(user=carol, actor=alice, unit=data["personal"])
    assert found(carol, "Жумабаевой") == set()
    access.grant_access(user=carol, actor=alice, fonds=data["fonds"], ground="research",
                        expires_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert found(carol, "Жумабаевой") == set()  # expired


def test_results_carry_full_access_and_codes(data, carol, django_assert_num_queries):
    page = search.search_units(user=carol, q="исполкома")
    by_pk = {u.pk: u for u in page.results}
    assert set(by_pk) == {data["open"].pk, data["personal"].pk}
    with django_assert_num_queries(0):
        assert by_pk[data["open"].pk].full_access is True
        assert by_pk[data["personal"].pk].full_access is False
        assert by_pk[data["open"].pk].reference_code == "F. 10, Inv. 1, U. 1"


def test_filters(data, archive_a, archive_b, alice, bob):
    assert found(None, "ГЭС", media="photo") == {data["photo"].pk}
    assert found(None, "ГЭС", media="paper") == set()
    assert found(None, "ГЭС", archive=archive_b.pk) == set()
    assert found(None, "ГЭС", archive=archive_a) == {data["photo"].pk}
    assert found(None, "ГЭС", fonds=data["fonds"]) == {data["photo"].pk}
    assert found(None, "ГЭС", date_from=dt.date(1960, 1, 1)) == {data["photo"].pk}
    assert found(None, "ГЭС", date_to=dt.date(1960, 1, 1)) == set()
    assert found(None, "ГЭС", digitized=True) == set()
    assert found(None, "ГЭС", digitized=False) == {data["photo"].pk}
    assert found(None, "ГЭС", media="nonsense") == set()
    # The access-level filter is for staff; a visitor's is ignored.
    assert found(alice, "", fonds=data["fonds"], access_level="closed") == {data["closed"].pk, data["in_closed_inventory"].pk}
    assert found(None, "ГЭС", access_level="closed") == {data["photo"].pk}


def test_filters_without_words_list_what_the_user_may_see(data, carol):
    units = found(carol, "", fonds=data["fonds"])
    assert data["closed"].pk not in units
    assert {data["open"].pk, data["personal"].pk, data["restricted"].pk} <= units


def test_empty_query_finds_nothing():
    page = search.search_units(user=None, q="   ")
    assert page.results == [] and page.count == 0 and page.next_after is None


def test_keyset_pages_forward_and_back(archive_a, alice):
    from tests.factories import make_fonds

    fonds = make_fonds(archive_a, "30", "Фонд")
    inventory = make_inventory(fonds, "1", "Опись")
    units = [make_unit(inventory, str(i), f"Приказ директора номер {i}") for i in range(1, 8)]
    newest_first = [u.pk for u in reversed(units)]
    page1 = search.search_units(user=None, q="приказ", limit=3)
    assert [u.pk for u in page1.results] == newest_first[:3]
    assert page1.previous_before is None and page1.next_after
    assert page1.count == 7 and not page1.count_is_estimate
    page2 = search.search_units(user=None, q="приказ", limit=3, after=page1.next_after)
    assert [u.pk for u in page2.results] == newest_first[3:6]
    page3 = search.search_units(user=None, q="приказ", limit=3, after=page2.next_after)
    assert [u.pk for u in page3.results] == newest_first[6:]
    assert page3.next_after is None
    back = search.search_units(user=None, q="приказ", limit=3, before=page2.previous_before)
    assert [u.pk for u in back.results] == newest_first[:3]
    assert back.previous_before is None
    again = search.search_units(user=None, q="приказ", limit=3, after=back.next_after)
    assert [u.pk for u in again.results] == newest_first[3:6]


def test_bad_cursor_is_refused():
    with pytest.raises(search.SearchError):
        search.search_units(user=None, q="x", after="not-a-cursor!")
    with pytest.raises(search.SearchError):
        search.decode_cursor(search.encode_cursor(5)[:-2] + "$$")


def test_highlight_marks_visible_words_and_escapes(data, carol, alice):
    open_unit = search.search_units(user=carol, q="протоколы").results[0]
    assert str(search.highlight(open_unit, carol, "протоколы")) == (
        "<mark>Протоколы</mark> заседаний исполкома о строительстве")
    personal = [u for u in search.search_units(user=carol, q="работника").results][0]
    marked = str(search.highlight(personal, carol, "Жумабаевой работника"))
    assert "Жумабаев" not in marked and "<mark>работника</mark>" in marked
    assert str(search.highlight_text("<b>дело</b>", "дело")) == "&lt;b&gt;<mark>дело</mark>&lt;/b&gt;"
    staff_view = search.search_units(user=alice, q="Жумабаевой").results[0]
    assert "<mark>Жумабаевой</mark>" in str(search.highlight(staff_view, alice, "жумабаевой"))


def test_fonds_and_inventories_found_beside_units(data, carol, alice):
    page = search.search_units(user=carol, q="облисполкома")
    assert [f.pk for f in page.fonds] == [data["fonds"].pk]
    page = search.search_units(user=carol, q="особого")
    assert page.fonds == [] and page.inventories == []
    assert [f.pk for f in search.search_fonds(user=alice, q="особого")] == [data["closed_fonds"].pk]
    assert [i.pk for i in search.search_inventories(user=carol, q="постоянного")] == [data["inventory"].pk]
    assert search.search_inventories(user=carol, q="режимно") == []
    assert [i.pk for i in search.search_inventories(user=alice, q="режимно")] == [data["closed_inventory"].pk]


def test_next_pages_do_not_repeat_fonds(data):
    first = search.search_units(user=None, q="исполкома", limit=1)
    assert first.next_after
    second = search.search_units(user=None, q="исполкома", limit=1, after=first.next_after)
    assert second.fonds == [] and second.inventories == []


@pytest.mark.postgres
def test_postgres_russian_stemming_and_kazakh_prefixes(data, carol):
    assert found(carol, "протокол") == {data["open"].pk}  # stemmed: протоколы -> протокол
    assert found(carol, "заседание") == {data["open"].pk}
    assert found(carol, "мәслихат") == {data["kazakh"].pk}
    assert found(carol, "хаттама") == {data["kazakh"].pk}  # Kazakh: prefix of хаттамалары
    assert found(carol, "сессии") == set()  # no Kazakh stemmer: another form that is not a prefix
    assert found(carol, '"заседаний исполкома"') == {data["open"].pk}  # websearch phrase


@pytest.mark.postgres
def test_postgres_public_vector_holds_no_private_word(data):
    from holdings.models import Unit

    with connection.cursor() as cursor:
        cursor.execute("SELECT id, search_public::text FROM holdings_unit WHERE id = ANY(%s)",
                       [[data[k].pk for k in ("personal", "restricted", "closed")]])
        vectors = dict(cursor.fetchall())
    assert "жумабаев" not in vectors[data["personal"].pk]
    assert "работник" in vectors[data["personal"].pk]
    assert vectors[data["restricted"].pk] == "" and vectors[data["closed"].pk] == ""
    assert Unit.objects.filter(pk=data["closed"].pk, search_full__isnull=False).exists()


@pytest.mark.postgres
def test_postgres_counts_estimate_above_a_thousand(archive_a):
    from django.db import transaction

    from holdings.bulkload import Target, UnitStaging
    from tests.factories import make_fonds

    fonds = make_fonds(archive_a, "40", "Фонд")
    inventory = make_inventory(fonds, "1", "Опись")
    target = {("k", "1"): Target(inventory.pk, fonds.pk, archive_a.pk, inventory.access_level, fonds.access_level)}
    with transaction.atomic(), UnitStaging() as staging:
        for n in range(1, 1301):
            staging.write((n, "k", "1", str(n), n * 1000, f"Ведомость начисления зарплаты {n}", "", None, None,
                           None, None, "paper", "inherit", None, False, "", ""))
        staging.insert(actor=None, targets=target, locations={})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE holdings_unit")
    page = search.search_units(user=None, q="ведомость", limit=10)
    assert page.count_is_estimate and page.count > 1000
    assert len(page.results) == 10
    small = search.search_units(user=None, q="ведомость 1299")
    assert not small.count_is_estimate
