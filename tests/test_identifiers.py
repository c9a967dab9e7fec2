"""Identifiers: real check characters, full-width input, specific errors."""

import pytest

from gov_disclosure.errors import IdentifierError
from gov_disclosure.identifiers import (
    is_valid_bank_card,
    is_valid_credit_code,
    is_valid_mobile,
    is_valid_org_code,
    is_valid_resident_id,
    mask_mobile,
    validate_credit_code,
    validate_mobile,
    validate_resident_id,
)


def test_credit_code_examples():
    assert is_valid_credit_code("91350100M000100Y43")
    assert not is_valid_credit_code("91350100M000100Y44")
    assert is_valid_org_code("000014349") and not is_valid_org_code("000014340")


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("91350100M000100Y4", "18 characters"),
        ("91350100M000100I43", "'I' is not allowed"),
        ("91350100M000100Y44", "check character should be '3'"),
    ],
)
def test_credit_code_errors_name_the_rule(value, rule):
    with pytest.raises(IdentifierError) as exc:
        validate_credit_code(value)
    assert rule in str(exc.value) and exc.value.field.startswith("统一社会信用代码")


def test_resident_id_check_digit_birth_date_and_fullwidth():
    assert is_valid_resident_id("11010519491231002X")
    assert is_valid_resident_id("１１０１０５１９４９１２３１００２ｘ")
    assert not is_valid_resident_id("110105194912310021")
    with pytest.raises(IdentifierError, match="birth date 19490231"):
        validate_resident_id("110105194902310020")
    with pytest.raises(IdentifierError, match="check character should be 'X'"):
        validate_resident_id("110105194912310023")


def test_mobile_forms_and_mask():
    assert validate_mobile("+86 138-1234-5678") == "13812345678"
    assert is_valid_mobile("19212345678")  # 192 is a real prefix
    assert not is_valid_mobile("12812345678")
    assert mask_mobile("13812345678") == "138****5678"


def test_bank_card_luhn():
    assert is_valid_bank_card("4111 1111 1111 1111")
    assert not is_valid_bank_card("4111111111111112")
    assert not is_valid_bank_card("411111111111")  # too short


def test_first_generation_ids_and_registration_numbers() -> None:
    from gov_disclosure.identifiers import (
        is_first_generation_id,
        is_valid_registration_number,
    )

    assert is_first_generation_id("320102800101123")  # 江苏, born 1980-01-01
    assert is_first_generation_id("810000991231001")  # 香港 code, 1999-12-31
    assert not is_first_generation_id("990102800101123")  # no province 99
    assert not is_first_generation_id("320102800230123")  # 30 February
    assert not is_first_generation_id("32010280010112")  # 14 digits
    assert not is_first_generation_id("32010280010112X")
    assert is_valid_registration_number("110108000000016")
    assert not is_valid_registration_number("110108000000017")
    assert not is_valid_registration_number("11010800000001")
