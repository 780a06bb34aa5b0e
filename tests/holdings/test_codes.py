"""Reference codes: canonical in the API and exports, in the reader's language on pages and in print."""
import pytest
from django.urls import reverse
from django.utils import translation

from holdings import codes


@pytest.mark.parametrize(("language", "unit", "inventory", "fonds"), [
    ("en", "F. 12, Inv. 1, U. 5а", "F. 12, Inv. 1", "F. 12"),
    ("ru", "Ф. 12, Оп. 1, Д. 5а", "Ф. 12, Оп. 1", "Ф. 12"),
    ("kk", "Қ. 12, Т. 1, І. 5а", "Қ. 12, Т. 1", "Қ. 12"),
])
def test_codes_in_each_language(language, unit, inventory, fonds):
    with translation.override(language):
        assert codes.local_code("12", "1", "5а") == unit
        assert codes.inventory_code("12", "1") == inventory
        assert codes.fonds_code("12") == fonds
        assert codes.localize("F. 12, Inv. 1, U. 5а") == unit
        assert codes.localize("F. 12, Inv. 1") == inventory
        assert codes.localize("F. 12") == fonds


def test_localize_leaves_other_text_alone():
    with translation.override("ru"):
        assert codes.localize("unit 5") == "unit 5"
        assert codes.localize("") == ""


def test_office_page_shows_the_local_code_and_the_api_the_canonical_one(client, api_client, alice, tree_a):
    _fonds, _inventory, units = tree_a
    client.force_login(alice)
    page = client.get(reverse("holdings:unit_detail", args=[units[0].pk]), HTTP_ACCEPT_LANGUAGE="ru")
    assert "<h1>Ф. 1, Оп. 1, Д. 1</h1>" in page.content.decode()
    answer = api_client(alice).get(f"/api/v1/units/{units[0].pk}/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert answer["reference_code"] == "F. 1, Inv. 1, U. 1"
