"""Languages: the switcher, the user's preferred language, and the compiled catalogues."""
import gettext
import re

import polib
import pytest
from django.core.management import call_command

from archive_site.management.commands.compile_translations import compile_po, find_po_files
from tests.factories import UserFactory

from .conftest import BASE_DIR


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "texts"), [
    ("kk", ["Ұлттық мұрағат", "Кіру", "Тіркелу"]),
    ("ru", ["Национальный архив", "Войти", "Регистрация"]),
    ("en", ["National Archive", "Log in", "Register"]),
])
def test_language_switcher_sets_the_language(client, language, texts):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies["archive_language"].value == language
    for path in ("/", "/accounts/login/"):
        page = client.get(path).content.decode()
        assert f'<html lang="{language}">' in page
        for text in texts:
            assert text in page, (path, text)


@pytest.mark.django_db
def test_the_switcher_is_on_every_portal_page(client):
    for path in ("/", "/accounts/login/", "/accounts/register/", "/accounts/password-reset/", "/no-such-page/"):
        page = client.get(path).content.decode()
        assert 'data-testid="language-select"' in page, path
        assert 'action="/i18n/setlang/"' in page, path


@pytest.mark.django_db
def test_browser_language_is_used_without_a_cookie(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Құпия сөз" in page


@pytest.mark.django_db
def test_a_users_preferred_language_wins_over_the_browser(client):
    user = UserFactory(preferred_language="kk")
    client.force_login(user)
    page = client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="kk">' in page
    # Once the user picks a language with the switcher, the cookie wins.
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/accounts/profile/").content.decode()


PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
CATALOGUES = sorted(find_po_files(BASE_DIR))


def test_every_catalogue_exists_in_kazakh_and_russian():
    folders = {p.parent.parent.parent.relative_to(BASE_DIR).as_posix() for p in CATALOGUES}
    assert {"locale", "accounts/locale"} <= folders
    for folder in folders:
        for language in ("kk", "ru"):
            assert (BASE_DIR / folder / language / "LC_MESSAGES" / "django.po").exists(), (folder, language)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.relative_to(BASE_DIR).as_posix())
def test_catalogue_is_complete_and_keeps_placeholders(po_path):
    po = polib.pofile(str(po_path))
    assert po.metadata["Language"] == po_path.parent.parent.name
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    for entry in po.translated_entries():
        source = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            source |= set(PLACEHOLDER.findall(entry.msgid_plural))
            for form in entry.msgstr_plural.values():
                # A form may leave the number out ("one file"), never name a value that is not given.
                assert set(PLACEHOLDER.findall(form)) <= source, entry.msgid
        else:
            assert set(PLACEHOLDER.findall(entry.msgstr)) == source, entry.msgid


def test_compile_translations_writes_readable_mo_files(tmp_path):
    folder = tmp_path / "app" / "locale" / "kk" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "kk",
                   "Plural-Forms": "nplurals=2; plural=(n!=1);"}
    po.append(polib.POEntry(msgid="Archive", msgstr="Мұрағат"))
    po.append(polib.POEntry(msgid="Draft", msgstr="Жоба", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="%(n)s unit", msgid_plural="%(n)s units",
                            msgstr_plural={0: "%(n)s бірлік", 1: "%(n)s бірлік"}))
    po.save(str(folder / "django.po"))
    (tmp_path / ".venv" / "x" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / ".venv" / "x" / "LC_MESSAGES" / "django.po").write_text("not looked at")

    assert find_po_files(tmp_path) == [folder / "django.po"]
    assert compile_po(folder / "django.po") is True
    assert compile_po(folder / "django.po") is False  # up to date

    with open(folder / "django.mo", "rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    assert catalogue.gettext("Archive") == "Мұрағат"
    assert catalogue.gettext("Draft") == "Draft"  # fuzzy entries are not used
    assert catalogue.ngettext("%(n)s unit", "%(n)s units", 5) == "%(n)s бірлік"


def test_compile_translations_command_covers_the_project(capsys):
    call_command("compile_translations")
    assert "compiled" in capsys.readouterr().out
    for po_path in find_po_files(BASE_DIR):
        assert po_path.with_suffix(".mo").exists()
    assert {p.relative_to(BASE_DIR).parts[0] for p in find_po_files(BASE_DIR)} >= {"locale", "accounts"}


def test_kazakh_dates_are_day_first():
    import datetime as dt

    from django.utils import formats, translation

    day = dt.date(2027, 5, 1)
    with translation.override("kk"):
        assert formats.date_format(day) == "01.05.2027"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "01.05.2027"
        assert formats.number_format("1234.5", decimal_pos=2) == "1234,50"
    with translation.override("ru"):
        assert formats.date_format(day) == "1 мая 2027 г."
