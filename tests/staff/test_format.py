"""Number formats of the staff pages and the .po catalogues of the staff app."""
from pathlib import Path

import polib
import pytest
from django.utils import translation

from staff.templatetags.staff_format import money, share

NBSP = "\u00a0"


@pytest.mark.parametrize(("lang", "value", "as_money", "as_share"), [
    ("ru", "60000", f"60{NBSP}000,00", "60000"),
    ("kk", "1234567.5", f"1{NBSP}234{NBSP}567,50", "1234567,5"),
    ("kk", "0.500", "0,50", "0,5"),
    ("ru", "25.00", "25,00", "25"),
    ("en", "60000", "60,000.00", "60000"),
    ("en", "0.750", "0.75", "0.75"),
])
def test_money_and_share(lang, value, as_money, as_share):
    with translation.override(lang):
        assert money(value) == as_money
        assert share(value) == as_share


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_staff_string_is_translated(lang):
    po = polib.pofile(str(Path(__file__).resolve().parents[2] / "staff" / "locale" / lang / "LC_MESSAGES" / "django.po"))
    assert len(po) > 250
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    assert po.percent_translated() == 100
    for entry in po:
        # Placeholders survive translation.
        for placeholder in ("%(name)s", "%(month)s", "%(period)s", "%(total)s", "%(region)s"):
            if placeholder in entry.msgid:
                assert placeholder in entry.msgstr, entry.msgid
