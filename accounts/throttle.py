"""Login throttling: after LOGIN_FAILURE_LIMIT failures for one login from one address, or four
times that from one address, further attempts are refused for LOGIN_LOCKOUT_SECONDS."""
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return "-"
    return request.META.get("REMOTE_ADDR", "-")


def _keys(login: str, ip: str) -> tuple[str, str]:
    digest = hashlib.sha256(f"{login.strip().lower()}|{ip}".encode()).hexdigest()[:32]
    return f"login-fail:{digest}", f"login-fail-ip:{ip}"


def is_locked(login: str, request: HttpRequest | None) -> bool:
    pair_key, ip_key = _keys(login, client_ip(request))
    limit = settings.LOGIN_FAILURE_LIMIT
    return cache.get(pair_key, 0) >= limit or cache.get(ip_key, 0) >= limit * 4


def record_failure(login: str, request: HttpRequest | None) -> None:
    for key in _keys(login, client_ip(request)):
        cache.add(key, 0, settings.LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


def reset(login: str, request: HttpRequest | None) -> None:
    pair_key, _ip_key = _keys(login, client_ip(request))
    cache.delete(pair_key)
