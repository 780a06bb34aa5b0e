"""Registration, e-mail confirmation and profile services."""
import re

import pytest
from django.core import signing
from django.core.exceptions import ValidationError

from accounts import services
from accounts.choices import Role
from accounts.models import User
from accounts.validators import control_digit, is_valid_12_digit_id, validate_iin
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "Steppe-Archive-2024"


def valid_iin(first_eleven: str = "90010130012") -> str:
    return first_eleven + str(control_digit(first_eleven))


def register(**overrides) -> User:
    data = {"username": "aigerim", "email": "aigerim@example.kz", "password": STRONG_PASSWORD,
            "preferred_language": "kk", "first_name": "Айгерім", "last_name": "Сейітова",
            "base_url": "http://testserver/"}
    data.update(overrides)
    return services.user_register(**data)


def confirmation_link(message) -> str:
    match = re.search(r"http://testserver(/accounts/confirm/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_register_creates_an_inactive_researcher_and_mails_a_link(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = register()

    user.refresh_from_db()
    assert not user.is_active
    assert not user.email_confirmed
    assert user.check_password(STRONG_PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == [Role.RESEARCHER]
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["aigerim@example.kz"]
    assert "/accounts/confirm/" in confirmation_link(message)
    # The e-mail is written in the language the citizen chose.
    assert message.subject == "Ұлттық мұрағат үшін e-mail мекенжайыңызды растаңыз"


def test_register_sends_the_mail_only_after_commit(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register()
    assert len(callbacks) == 1
    assert mailoutbox == []


def test_confirm_activates_the_account(django_capture_on_commit_callbacks):
    user = register()
    token = services.email_confirmation_token(user)

    confirmed = services.user_confirm_email(token=token)

    assert confirmed.pk == user.pk
    user.refresh_from_db()
    assert user.is_active
    assert user.email_confirmed


def test_confirm_rejects_a_tampered_token():
    user = register()
    token = services.email_confirmation_token(user)
    with pytest.raises(signing.BadSignature):
        services.user_confirm_email(token=token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    with pytest.raises(signing.BadSignature):
        services.user_confirm_email(token="not-a-token")
    user.refresh_from_db()
    assert not user.is_active


def test_confirm_rejects_a_token_for_an_e_mail_that_changed():
    user = register()
    token = services.email_confirmation_token(user)
    User.objects.filter(pk=user.pk).update(email="other@example.kz")
    with pytest.raises(signing.BadSignature):
        services.user_confirm_email(token=token)


def test_confirm_rejects_an_expired_token(monkeypatch):
    user = register()
    token = services.email_confirmation_token(user)
    monkeypatch.setattr(services, "CONFIRM_MAX_AGE", -1)
    with pytest.raises(signing.SignatureExpired):
        services.user_confirm_email(token=token)


def test_update_profile_saves_the_fields():
    user = UserFactory(preferred_language="ru")
    iin = valid_iin()
    services.user_update_profile(user=user, first_name="Нұрлан", last_name="Әбенов",
                                 preferred_language="en", iin=iin)
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.preferred_language, user.iin) == ("Нұрлан", "Әбенов", "en", iin)


def test_update_profile_refuses_an_invalid_iin():
    user = UserFactory()
    bad = valid_iin()[:11] + str((int(valid_iin()[11]) + 1) % 10)
    with pytest.raises(ValidationError) as exc:
        services.user_update_profile(user=user, first_name="A", last_name="B", preferred_language="ru", iin=bad)
    assert "iin" in exc.value.message_dict
    user.refresh_from_db()
    assert user.iin == ""


def test_update_profile_allows_an_empty_iin():
    user = UserFactory(iin=valid_iin())
    services.user_update_profile(user=user, first_name="A", last_name="B", preferred_language="ru", iin="")
    user.refresh_from_db()
    assert user.iin == ""


def test_set_roles_replaces_the_groups():
    user = UserFactory(roles=[Role.RESEARCHER])
    services.user_set_roles(user=user, roles=[Role.ARCHIVIST, Role.EXPERT])
    assert sorted(user.groups.values_list("name", flat=True)) == sorted([Role.ARCHIVIST, Role.EXPERT])


def test_user_token_is_stable():
    user = UserFactory()
    assert services.user_token(user=user) == services.user_token(user=user)


def test_role_labels_are_translated():
    from django.utils import translation

    user = UserFactory(roles=[Role.ARCHIVIST])
    with translation.override("ru"):
        assert user.role_labels == ["Архивист"]
    with translation.override("kk"):
        assert user.role_labels == ["Мұрағатшы"]


# IIN check digit -------------------------------------------------------------------------------

@pytest.mark.parametrize("first_eleven", ["90010130012", "85071550001", "00123150000", "12345678901"])
def test_iin_with_its_check_digit_is_valid(first_eleven):
    iin = valid_iin(first_eleven)
    assert is_valid_12_digit_id(iin)
    validate_iin(iin)


def test_iin_uses_the_second_weights_when_the_first_give_ten():
    # Find an 11-digit prefix whose first weighted sum is 10 mod 11: the second weights decide.
    prefix = next(f"{n:011d}" for n in range(10**9, 10**9 + 1000)
                  if sum(int(d) * w for d, w in zip(f"{n:011d}", range(1, 12), strict=True)) % 11 == 10
                  and control_digit(f"{n:011d}") is not None)
    assert is_valid_12_digit_id(prefix + str(control_digit(prefix)))


@pytest.mark.parametrize("value", [
    "900101300127",   # wrong check digit (the right one is 6)
    "90010130012",    # 11 digits
    "9001013001266",  # 13 digits
    "90010130012a",   # not a digit
    "",
])
def test_invalid_iins_are_refused(value):
    assert not is_valid_12_digit_id(value)
    with pytest.raises(ValidationError):
        validate_iin(value)


def test_a_prefix_without_any_valid_check_digit_is_refused():
    prefix = next(f"{n:011d}" for n in range(10**9, 10**9 + 100000) if control_digit(f"{n:011d}") is None)
    assert not any(is_valid_12_digit_id(prefix + str(d)) for d in range(10))


def test_an_old_confirmation_link_does_not_switch_a_deactivated_account_back_on(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = register()
    token = services.email_confirmation_token(user)
    services.user_confirm_email(token=token)
    User.objects.filter(pk=user.pk).update(is_active=False)  # the archive blocks the account

    with pytest.raises(signing.BadSignature):
        services.user_confirm_email(token=token)
    user.refresh_from_db()
    assert not user.is_active


def test_token_revoke_deletes_only_that_users_token():
    from rest_framework.authtoken.models import Token

    alice, bob = UserFactory(), UserFactory()
    services.user_token(user=alice)
    bob_key = services.user_token(user=bob)
    assert services.user_token_revoke(user=alice) == 1
    assert services.user_token_revoke(user=alice) == 0
    assert list(Token.objects.values_list("key", flat=True)) == [bob_key]


@pytest.mark.parametrize(("iin", "valid"), [
    # Worked by hand: 9·1+0·2+0·3+1·4+0·5+1·6+3·7+0·8+0·9+1·10+2·11 = 72, 72 mod 11 = 6.
    ("900101300126", True),
    ("900101300127", False),
    # 8·1+5·2+0·3+5·4+1·5+5·6+4·7+0·8+0·9+3·10+0·11 = 131, 131 mod 11 = 10, so the second weights
    # (3..11, 1, 2): 8·3+5·4+0·5+5·6+1·7+5·8+4·9+0·10+0·11+3·1+0·2 = 160, 160 mod 11 = 6.
    ("850515400306", True),
    ("850515400300", False),
])
def test_iin_check_digit_on_hand_worked_numbers(iin, valid):
    assert is_valid_12_digit_id(iin) is valid
