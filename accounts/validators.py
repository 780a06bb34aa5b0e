"""Validation of Kazakhstan's 12-digit identification numbers (IIN for people, BIN for entities)."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS_1 = list(range(1, 12))
_WEIGHTS_2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]


def control_digit(first_eleven: str) -> int | None:
    """The check digit of an IIN/BIN, or None when the number cannot have a valid one."""
    digits = [int(c) for c in first_eleven]
    check = sum(d * w for d, w in zip(digits, _WEIGHTS_1, strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits, _WEIGHTS_2, strict=True)) % 11
        if check == 10:
            return None
    return check


def is_valid_12_digit_id(value: str) -> bool:
    if len(value) != 12 or not value.isdigit():
        return False
    return control_digit(value[:11]) == int(value[11])


def validate_iin(value: str) -> None:
    if not is_valid_12_digit_id(value or ""):
        raise ValidationError(_("Enter a valid 12-digit IIN (the check digit does not match)."), code="invalid_iin")


def validate_bin(value: str) -> None:
    if not is_valid_12_digit_id(value or ""):
        raise ValidationError(_("Enter a valid 12-digit BIN (the check digit does not match)."), code="invalid_bin")
