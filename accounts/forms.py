"""Forms of the accounts app."""
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from . import throttle
from .choices import Language
from .models import User
from .validators import validate_iin


class ThrottledLoginMixin:
    """Refuses logins while throttle.is_locked, and counts failures; for every login form."""

    locked_message = _("Too many failed attempts. Try again in a few minutes.")

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        if username and password:
            if throttle.is_locked(username, self.request):
                raise forms.ValidationError(self.locked_message, code="locked")
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                throttle.record_failure(username, self.request)
                raise self.get_invalid_login_error()
            throttle.reset(username, self.request)
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    """Username or e-mail and password, with throttling of repeated failures."""

    username = forms.CharField(label=_("Username or e-mail"), max_length=254,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or e-mail and password do not match, or the account is not yet confirmed."),
    }


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin site's login, throttled like the others (it would otherwise be a way around the lock)."""


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending one e-mail per account at most every RESEND_INTERVAL: the form
    answers the same for any address, so without this it could flood someone's mailbox."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        from .services import RESEND_INTERVAL

        if cache.add(f"password-reset-mail:{context['user'].pk}", 1, RESEND_INTERVAL):
            super().send_mail(subject_template_name, email_template_name, context, from_email, to_email,
                              html_email_template_name)


class ResendConfirmationForm(forms.Form):
    """Asks for a new confirmation link for an account that is not confirmed yet."""

    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class RegistrationForm(forms.Form):
    """A citizen's registration; the account is activated by the e-mailed link."""

    username = forms.RegexField(label=_("Username"), max_length=150, regex=r"^[\w.@+-]+\Z",
                                error_messages={"invalid": _("Use letters, digits and @ . + - _ only.")})
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    iin = forms.CharField(label=_("IIN (optional)"), max_length=12, required=False, validators=[validate_iin])
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=Language.choices)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail already exists."))
        return email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            probe = User(username=data.get("username", ""), email=data.get("email", ""),
                         first_name=data.get("first_name", ""), last_name=data.get("last_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ProfileForm(forms.ModelForm):
    """What a user may change about themselves."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "preferred_language", "iin"]
