"""The public catalogue over HTTP: pages, access in plain words, citation, search privacy, Kazakh and
Russian, and pinned query counts (no query in a loop, whatever the number of rows)."""
import datetime as dt

import pytest
from django.urls import reverse

from holdings.models import AccessLogEntry
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def _get(client, url, lang="en"):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=lang)


def test_unit_page_reference_code_access_status_citation_and_actions(web_client, tree):
    c = web_client(None)
    html = _get(c, reverse("readingroom:unit", args=[tree.open.pk])).content.decode()
    assert "F. 1, Inv. 1, U. 1" in html and "Приказы по комбинату 1975" in html
    assert "Open to everyone" in html and "3 sheets" in html
    assert f"http://testserver/units/{tree.open.pk}/" in html  # the citation's stable URL
    assert 'data-testid="read-online"' in html and 'data-testid="order-copy"' in html
    assert 'data-testid="request-access"' not in html
    html = _get(c, reverse("readingroom:unit", args=[tree.personal.pk])).content.decode()
    assert "Secretov" not in html and "Секретова" not in html and "Личное дело работника" in html
    assert "Contains personal data, open from Jan. 1, 2061" in html
    assert 'data-testid="read-online"' not in html and 'data-testid="request-access"' in html
    assert _get(c, reverse("readingroom:unit", args=[tree.closed.pk])).status_code == 404


def test_unit_page_in_russian_and_kazakh(web_client, tree):
    c = web_client(None)
    ru = _get(c, reverse("readingroom:unit", args=[tree.personal.pk]), "ru").content.decode()
    assert "Ф. 1, Оп. 1, Д. 2" in ru and "Содержит персональные данные, откроется 1 января 2061" in ru
    assert "Запросить доступ" in ru and "Как ссылаться" in ru
    kk = _get(c, reverse("readingroom:unit", args=[tree.personal.pk]), "kk").content.decode()
    assert "Қ. 1, Т. 1, І. 2" in kk and "Дербес деректері бар" in kk and "Рұқсат сұрау" in kk


def test_views_of_non_open_records_are_logged(web_client, tree, carol):
    _get(web_client(carol), reverse("readingroom:unit", args=[tree.personal.pk]))
    _get(web_client(carol), reverse("readingroom:unit", args=[tree.open.pk]))
    entries = list(AccessLogEntry.objects.filter(action="view"))
    assert [(e.unit_id, e.user_id) for e in entries] == [(tree.personal.pk, carol.pk)]


def test_browse_archive_fonds_inventory_with_keyset_pages(web_client, archive_a, tree, settings):
    c = web_client(None)
    assert "Хлопчатобумажный комбинат" in _get(c, reverse("readingroom:archive", args=[archive_a.pk])).content.decode()
    assert "Приказы" in _get(c, reverse("readingroom:fonds", args=[tree.fonds.pk])).content.decode()
    from readingroom import selectors

    for i in range(6, 60):
        make_unit(tree.inventory, str(i), f"Дело {i}", access_level="open")
    page1 = _get(c, reverse("readingroom:inventory", args=[tree.inventory.pk]))
    html = page1.content.decode()
    assert "Закрытое дело" not in html  # the closed unit is not even listed
    assert html.count('href="/units/') == selectors.PAGE_SIZE
    assert page1.context["count"].value == 58 and not page1.context["count"].about
    nxt = page1.context["next_url"]
    page2 = _get(c, reverse("readingroom:inventory", args=[tree.inventory.pk]) + nxt)
    assert "Дело 59" in page2.content.decode() and page2.context["previous_url"]
    assert page2.context["next_url"] is None


def test_large_sets_show_about(tree):
    from readingroom import selectors

    count = selectors.visible_count(27_543, None)
    assert count.about and count.value == 28_000
    from readingroom.templatetags.readingroom import count_text

    assert count_text(count) == "about 28\u202f000"


@pytest.mark.parametrize("user", [None, "carol"])
def test_search_never_finds_a_unit_by_a_private_word(web_client, tree, carol, user):
    c = web_client(carol if user else None)
    html = _get(c, reverse("readingroom:search") + "?q=Секретова").content.decode()
    assert 'data-testid="results"' in html and "/units/" not in html.split('data-testid="results"')[1]
    for word in ("Тайнова", "Скрытова"):
        body = _get(c, reverse("readingroom:search") + f"?q={word}").content.decode()
        assert f'/units/{tree.restricted.pk}/' not in body and f'/units/{tree.closed.pk}/' not in body
    found = _get(c, reverse("readingroom:search") + "?q=приказы").content.decode()
    assert f"/units/{tree.open.pk}/" in found and "<mark>" in found


def test_search_filters_digitized_media_years(web_client, tree):
    c = web_client(None)
    url = reverse("readingroom:search")
    html = _get(c, url + "?q=&digitized=on").content.decode()
    assert f"/units/{tree.open.pk}/" in html and f"/units/{tree.electronic.pk}/" not in html
    html = _get(c, url + "?q=&media=electronic").content.decode()
    assert f"/units/{tree.electronic.pk}/" in html and f"/units/{tree.open.pk}/" not in html
    html = _get(c, url + "?q=приказы&year_from=1974&year_to=1976").content.decode()
    assert f"/units/{tree.open.pk}/" in html
    html = _get(c, url + "?q=приказы&year_from=1990").content.decode()
    assert f"/units/{tree.open.pk}/" not in html
    assert "first year is after" in _get(c, url + "?q=x&year_from=1990&year_to=1980").content.decode()


def test_search_in_kazakh_and_russian(web_client, tree):
    c = web_client(None)
    kk = _get(c, reverse("readingroom:search") + "?q=приказы", "kk").content.decode()
    assert '<html lang="kk">' in kk and "Қ. 1, Т. 1, І. 1" in kk
    ru = _get(c, reverse("readingroom:search") + "?q=приказы", "ru").content.decode()
    assert '<html lang="ru">' in ru and "Ф. 1, Оп. 1, Д. 1" in ru


# ---------------------------------------------------------------- pinned query counts
def _more_units(tree, n=20):
    for i in range(10, 10 + n):
        make_unit(tree.inventory, str(i), f"Приказ {i}", access_level="open", date_end=dt.date(1980, 1, 1))


@pytest.mark.parametrize("name, args, anonymous, citizen", [
    ("home", [], 0, 6),
    ("readingroom:archives", [], 1, 7),
    # fonds and inventory lists need no grants (a closed fonds is for staff only, grant or not)
    ("readingroom:archive", ["archive"], 3, 9),
    ("readingroom:fonds", ["fonds"], 2, 8),
    ("readingroom:inventory", ["inventory"], 3, 11),
    ("readingroom:unit", ["open"], 2, 10),
    ("readingroom:unit", ["personal"], 2, 10),
])
def test_portal_query_counts(web_client, tree, carol, archive_a, django_assert_num_queries, name, args,
                             anonymous, citizen):
    _more_units(tree)
    targets = {"archive": archive_a.pk, "fonds": tree.fonds.pk, "inventory": tree.inventory.pk,
               "open": tree.open.pk, "personal": tree.personal.pk}
    url = reverse(name, args=[targets[a] for a in args])
    for user, expected in ((None, anonymous), (carol, citizen)):
        client = web_client(user)
        with django_assert_num_queries(expected):
            assert _get(client, url).status_code == 200


@pytest.mark.parametrize("query, anonymous, citizen", [("?q=приказ", 6, 14), ("?q=приказ&digitized=on&archive={a}", 6, 14)])
def test_search_query_counts(web_client, tree, carol, archive_a, django_assert_num_queries, query, anonymous, citizen):
    _more_units(tree)
    url = reverse("readingroom:search") + query.format(a=archive_a.pk)
    # PostgreSQL asks the planner for an estimate before the exact count probe; SQLite has none.
    from django.db import connection

    estimate = 1 if connection.vendor == "postgresql" else 0
    for user, expected in ((None, anonymous), (carol, citizen)):
        client = web_client(user)
        with django_assert_num_queries(expected + estimate):
            assert _get(client, url).status_code == 200
