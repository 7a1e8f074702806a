"""The CVR number rule: 8 ASCII digits, no leading 0, and a modulus-11 check digit."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from agreement.models import Municipality
from reporting.models import CVR_WEIGHTS, Firm, complete_cvr, validate_cvr
from tests.factories import make_firm, new_cvr

pytestmark = pytest.mark.usefixtures("english")

DIGITS = "0123456789"

# Firms whose CVR numbers are public: Novo Nordisk, A.P. Møller - Mærsk, Carlsberg,
# Danske Bank and LEGO.
KNOWN_CVRS = ["24256790", "22756214", "61056416", "61126228", "54562519"]

prefixes = st.text(alphabet=DIGITS, min_size=7, max_size=7)
# A CVR number never starts with 0, so neither does a prefix that can be completed.
prefixes_without_leading_zero = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(DIGITS[1:]),
    st.text(alphabet=DIGITS, min_size=6, max_size=6),
)
valid_cvrs = prefixes_without_leading_zero.map(complete_cvr).filter(bool)


def is_eight_ascii_digits(text):
    return len(text) == 8 and all(character in DIGITS for character in text)


def passes(cvr):
    try:
        validate_cvr(cvr)
    except ValidationError:
        return False
    return True


def weighted_sum(cvr):
    return sum(int(digit) * weight for digit, weight in zip(cvr, CVR_WEIGHTS, strict=True))


@pytest.mark.parametrize("cvr", KNOWN_CVRS)
def test_known_cvr_numbers_pass(cvr):
    assert weighted_sum(cvr) % 11 == 0
    validate_cvr(cvr)


@pytest.mark.parametrize("cvr", KNOWN_CVRS)
def test_complete_cvr_gives_back_the_check_digit_of_a_known_cvr_number(cvr):
    assert complete_cvr(cvr[:7]) == cvr


@given(prefix=prefixes_without_leading_zero)
def test_every_prefix_completed_by_complete_cvr_passes(prefix):
    cvr = complete_cvr(prefix)

    if cvr is not None:
        assert cvr.startswith(prefix) and len(cvr) == 8
        validate_cvr(cvr)


@given(prefix=prefixes_without_leading_zero)
@example(prefix="1000005")  # its weighted sum leaves 1: no digit 0-9 completes it
def test_complete_cvr_finds_the_only_digit_that_completes_a_prefix_or_none(prefix):
    completing_digits = [digit for digit in DIGITS if passes(prefix + digit)]

    cvr = complete_cvr(prefix)

    assert completing_digits == ([] if cvr is None else [cvr[-1]])


def test_some_prefixes_cannot_be_completed():
    assert complete_cvr("1000005") is None


def test_a_prefix_starting_with_zero_cannot_be_completed():
    assert complete_cvr("0123456") is None


@given(cvr=valid_cvrs, position=st.integers(0, 7), replacement=st.sampled_from(DIGITS))
def test_changing_any_single_digit_of_a_valid_cvr_makes_it_fail(cvr, position, replacement):
    if replacement == cvr[position]:
        replacement = str((int(replacement) + 1) % 10)
    changed = cvr[:position] + replacement + cvr[position + 1 :]

    with pytest.raises(ValidationError):
        validate_cvr(changed)


def test_every_weight_times_every_digit_change_misses_a_multiple_of_eleven():
    # Why a single changed digit is always caught: 11 is prime and no weight is a
    # multiple of 11, so weight * difference (difference 1-9) never is either.
    for weight in CVR_WEIGHTS:
        for difference in range(1, 10):
            assert (weight * difference) % 11 != 0


def test_a_cvr_number_starting_with_zero_is_refused_even_when_its_check_digit_holds():
    cvr = "01234560"
    assert weighted_sum(cvr) % 11 == 0

    with pytest.raises(ValidationError, match="does not start with 0"):
        validate_cvr(cvr)


@given(text=st.text().filter(lambda text: not is_eight_ascii_digits(text)))
@example(text="")
@example(text="1234567")
@example(text="123456789")
@example(text="2425679O")  # a letter O for the last 0
@example(text="24256790 ")
@example(text=" 24256790")
@example(text="2425-6790")
@example(text="２４２５６７９０")  # full-width digits
@example(text="٢٤٢٥٦٧٩٠")  # Arabic-Indic digits: str.isdigit() says yes
@example(text="2425679²")  # a superscript two: str.isdigit() says yes
def test_text_that_is_not_eight_ascii_digits_is_refused_as_the_wrong_format(text):
    with pytest.raises(ValidationError) as refusal:
        validate_cvr(text)

    assert refusal.value.code == "cvr_format"


@given(text=st.text(alphabet=DIGITS + "0123456789０١ a-", max_size=10) | st.text())
def test_validate_cvr_accepts_exactly_the_numbers_the_rule_allows_and_raises_nothing_else(text):
    allowed = is_eight_ascii_digits(text) and text[0] != "0" and weighted_sum(text) % 11 == 0

    assert passes(text) == allowed


@pytest.mark.django_db
def test_firm_with_a_bad_check_digit_is_refused_on_its_cvr_field(agreement_2018):
    firm = Firm(cvr="24256791", name="Forkert ApS", municipality=Municipality.objects.get(code=101))

    with pytest.raises(ValidationError) as refusal:
        firm.full_clean()

    assert refusal.value.message_dict == {
        "cvr": ["24256791 is not a valid CVR number: the check digit does not match."]
    }


@pytest.mark.django_db
def test_firm_with_too_few_digits_is_refused_on_its_cvr_field(agreement_2018):
    firm = Firm(cvr="2425679", name="Kort ApS", municipality=Municipality.objects.get(code=101))

    with pytest.raises(ValidationError) as refusal:
        firm.full_clean()

    assert refusal.value.message_dict == {"cvr": ["A CVR number is 8 digits."]}


@pytest.mark.django_db
def test_second_firm_with_the_same_cvr_is_refused_as_a_duplicate(hanne):
    cvr = new_cvr()
    make_firm(user=hanne, cvr=cvr, name="Første ApS")
    twin = Firm(cvr=cvr, name="Anden ApS", municipality=Municipality.objects.get(code=147))

    with pytest.raises(ValidationError) as refusal:
        twin.full_clean()

    assert refusal.value.message_dict == {"cvr": ["A firm with this CVR number already exists."]}


@pytest.mark.django_db
def test_hanne_cannot_create_a_firm_whose_cvr_another_firm_has(hanne):
    cvr = new_cvr()
    make_firm(user=hanne, cvr=cvr, name="Første ApS")

    with pytest.raises(ValidationError) as refusal:
        make_firm(user=hanne, cvr=cvr, name="Anden ApS")

    assert refusal.value.message_dict == {"cvr": ["A firm with this CVR number already exists."]}
    assert Firm.objects.filter(cvr=cvr).count() == 1
