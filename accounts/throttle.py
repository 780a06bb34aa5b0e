"""Login throttling: after LOGIN_FAILURE_LIMIT failures for one account (or one unknown login) from
one address, or four times that from one address, further attempts are refused for
LOGIN_LOCKOUT_SECONDS. A username and the account's e-mail count as the same login, so switching
between them does not buy more attempts. Every way in uses it: the login page, the admin's login
page and the API token endpoint."""
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return "-"
    return request.META.get("REMOTE_ADDR", "-")


def _identity(login: str, request: HttpRequest | None) -> str:
    """The account a login names, or the login itself when it names none (memoized on the request)."""
    from .models import User

    memo = getattr(request, "_login_identities", None) if request is not None else None
    if memo is None:
        memo = {}
        if request is not None:
            request._login_identities = memo
    if login not in memo:
        try:
            memo[login] = f"user:{User.objects.get_by_login(login).pk}"
        except (User.DoesNotExist, User.MultipleObjectsReturned):
            memo[login] = "login:" + login.strip().lower()
    return memo[login]


def _keys(login: str, request: HttpRequest | None) -> tuple[str, str]:
    ip = client_ip(request)
    digest = hashlib.sha256(f"{_identity(login, request)}|{ip}".encode()).hexdigest()[:32]
    return f"login-fail:{digest}", f"login-fail-ip:{ip}"


def is_locked(login: str, request: HttpRequest | None) -> bool:
    pair_key, ip_key = _keys(login, request)
    limit = settings.LOGIN_FAILURE_LIMIT
    return cache.get(pair_key, 0) >= limit or cache.get(ip_key, 0) >= limit * 4


def record_failure(login: str, request: HttpRequest | None) -> None:
    for key in _keys(login, request):
        cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


def reset(login: str, request: HttpRequest | None) -> None:
    """Forgets the account's failures from this address (after a success, or a password reset)."""
    pair_key, _ip_key = _keys(login, request)
    cache.delete(pair_key)
