"""Django's own messages that our forms show, which Django's Kazakh catalogue leaves untranslated.

Without an entry in locale/ a Kazakh page would show them in Russian (LANGUAGE_CODE is the fallback):
the password rules on the registration and password-reset pages, the "Email" label of the reset form,
length and digit limits of fields. They are listed here only so that `make messages` keeps them in
the project catalogues; the translations live in locale/kk and locale/ru. Nothing imports this module."""
from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # django.core.validators, django.db.models, django.forms
    gettext_noop("Enter a valid integer."),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("%(model_name)s with this %(field_labels)s already exists."),
    gettext_noop("“%(value)s” value must be a decimal number."),
    gettext_noop("File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed_extensions)s."),
    # django.contrib.auth: forms and password validators
    gettext_noop("Email"),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Enter the same password as before, for verification."),
]

PLURAL_MESSAGES = [
    ngettext_lazy("Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).", "limit_value"),
    ngettext_lazy("Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).", "limit_value"),
    ngettext_lazy("Ensure that there are no more than %(max)s digit in total.",
                  "Ensure that there are no more than %(max)s digits in total.", "max"),
    ngettext_lazy("Ensure that there are no more than %(max)s decimal place.",
                  "Ensure that there are no more than %(max)s decimal places.", "max"),
    ngettext_lazy("Ensure that there are no more than %(max)s digit before the decimal point.",
                  "Ensure that there are no more than %(max)s digits before the decimal point.", "max"),
    ngettext_lazy("Ensure this filename has at most %(max)d character (it has %(length)d).",
                  "Ensure this filename has at most %(max)d characters (it has %(length)d).", "max"),
    ngettext_lazy("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters.", 1),
    ngettext_lazy("Your password must contain at least %(min_length)d character.",
                  "Your password must contain at least %(min_length)d characters.", "min_length"),
]
