"""Messages of the ingest pipeline in every language of the site at once.

A transfer's events and its error are read by two people: the sending system (through the API, in
the source's letter language) and the archivist (on a page, in their own language). `gettext` here
returns a `Text`: a plain string in the active language that also carries its rendering in every
other language, through `%` formatting and `+`, so the pipeline can store them all and each reader
gets their own. Import it as `_` so that makemessages still finds the messages."""
from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language, trans_real


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _current() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _in(value, language: str):
    return value.renderings.get(language, str(value)) if isinstance(value, Text) else value


def _params_in(params, language: str):
    if isinstance(params, dict):
        return {key: _in(value, language) for key, value in params.items()}
    if isinstance(params, tuple):
        return tuple(_in(value, language) for value in params)
    return _in(params, language)


class Text(str):
    """A message in the active language, with `renderings` {language: text} for all of them."""

    renderings: dict[str, str]

    def __new__(cls, renderings: dict[str, str]) -> Text:
        current = renderings.get(_current())
        if current is None:
            current = next(iter(renderings.values()), "")
        text = super().__new__(cls, current)
        text.renderings = renderings
        return text

    def __mod__(self, params) -> Text:
        return Text({lang: template % _params_in(params, lang) for lang, template in self.renderings.items()})

    def __add__(self, other) -> Text:
        return Text({lang: text + _in(other, lang) for lang, text in self.renderings.items()})

    def __radd__(self, other) -> Text:
        return Text({lang: _in(other, lang) + text for lang, text in self.renderings.items()})


def gettext(message: str) -> Text:
    return Text({lang: trans_real.translation(lang).gettext(message) for lang in _languages()})


def renderings(value) -> dict[str, str]:
    """{language: text} of a message made here; {} for any other string."""
    return dict(value.renderings) if isinstance(value, Text) else {}


def localized(stored: dict, fallback: str) -> str:
    """The stored rendering in the active language, else the text as it was written."""
    return (stored or {}).get(_current()) or fallback
