"""Pages of the accounts app: register, confirm, log in and out, password reset, profile."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services, throttle
from .forms import (
    LoginForm,
    ProfileForm,
    RegistrationForm,
    ResendConfirmationForm,
    ThrottledPasswordResetForm,
)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ThrottledPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The new password works at once, even if the forgotten one had locked the login, and an
        # API token obtained with the old password stops working.
        throttle.reset(form.user.username, self.request)
        services.user_token_revoke(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = RegistrationForm(request.POST or None,
                            initial={"preferred_language": getattr(request, "LANGUAGE_CODE", "ru")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.user_register(
            username=data["username"], email=data["email"], password=data["password1"],
            preferred_language=data["preferred_language"], first_name=data["first_name"],
            last_name=data["last_name"], iin=data["iin"], base_url=request.build_absolute_uri("/"),
        )
        return render(request, "accounts/register_done.html", {"email": data["email"]})
    return render(request, "accounts/register.html", {"form": form})


@require_http_methods(["GET", "POST"])
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    """A new confirmation link for an account whose link was lost or has expired."""
    form = ResendConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_resend_confirmation(email=form.cleaned_data["email"],
                                          base_url=request.build_absolute_uri("/"))
        return render(request, "accounts/confirm_resend_done.html")
    return render(request, "accounts/confirm_resend.html", {"form": form})


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.user_confirm_email(token=token)
    except (signing.BadSignature, KeyError, TypeError):
        return render(request, "accounts/confirm_invalid.html", status=400)
    messages.success(request, _("Your e-mail is confirmed. You can log in now."))
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.user_update_profile(user=request.user, first_name=data["first_name"],
                                     last_name=data["last_name"],
                                     preferred_language=data["preferred_language"], iin=data["iin"])
        # The next page is shown in the newly chosen language, so is the confirmation.
        with translation.override(data["preferred_language"]):
            messages.success(request, _("Profile saved."))
        response = redirect("accounts:profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, data["preferred_language"],
                            samesite="Lax", secure=not settings.DEBUG)
        return response
    return render(request, "accounts/profile.html", {"form": form})
