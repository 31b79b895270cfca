"""The redaction step for published free text (pipelines/rules/privacy.py). Expected texts are
written by hand from the rules: names to initials, everything shaped like contact details, NHS
numbers, dates, addresses and references replaced by a bracketed note."""

from __future__ import annotations

import pytest

from pipelines.rules import privacy
from pipelines.rules.privacy import label_problems, nhs_number_valid, redact, scrub

pytestmark = pytest.mark.skipif(not privacy.WORD_LIST.exists(), reason="needs Debian's wbritish word list")


@pytest.fixture(autouse=True)
def fresh():
    privacy.configure(set())
    yield
    privacy.configure(set())


def test_nhs_number_check_digit_by_hand():
    # 943 476 5919: 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 mod 11 = 2;
    # 11 - 2 = 9 = the last digit, so valid. 401 023 2137: 40+0+8+0+12+15+8+3+6 = 92; 92 mod 11 = 4;
    # 11 - 4 = 7: valid. 943 476 5918 ends in 8, not 9: invalid. 000 000 0019: the first nine digits
    # give 1*2 = 2, 11 - 2 = 9 = the last digit: valid.
    assert nhs_number_valid("9434765919") and nhs_number_valid("4010232137") and nhs_number_valid("0000000019")
    assert not nhs_number_valid("9434765918") and not nhs_number_valid("94347659") and not nhs_number_valid("x" * 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a child whose names are English words, an unlisted worker, a street address
        (
            "Summer Rose and her mum thank Oliver Pembleton, who visited 14 Acacia Avenue every week.",
            "SR and her mum thank OP, who visited [address removed] every week.",
        ),
        ("NHS number 943 476 5919 and 9434765919.", "NHS number [NHS number removed] and [NHS number removed]."),
        # fails the NHS check and is no valid phone number: kept
        ("Not an NHS number: 943 476 5918.", "Not an NHS number: 943 476 5918."),
        ("Stage 2 took 25 days for 118 of 120.", "Stage 2 took 25 days for 118 of 120."),
        ("Call 07700 900982 or +44 7700 900983.", "Call [phone number removed] or [phone number removed]."),
        ("Write to summer.rose@example.com today.", "Write to [email removed] today."),
        (
            "Cases DEM-24-0001, LG-24-003 and ABC/2024/17 closed.",
            "Cases [reference removed], [reference removed] and [reference removed] closed.",
        ),
        ("Born 3 May 2015, or 03/05/2015.", "Born [date removed], or [date removed]."),
        ("We live at LS1 4AB now.", "We live at [postcode removed] now."),
        # ordinary sentences keep their capitals, years and numbers
        ("The team answered 58% of 120 complaints in 2024-25.", "The team answered 58% of 120 complaints in 2024-25."),
        ("Thanks Jane for everything.", "Thanks J for everything."),
    ],
)
def test_redact(text, expected):
    assert scrub(text) == expected


def test_listed_staff_to_initials_and_the_profile_vocabulary_kept():
    text = "Kevin Marsh from Fostering Team helped; Kevin was kind."
    assert scrub(text, "Kevin Marsh", allowed=frozenset({"fostering"})) == "KM from Fostering Team helped; K was kind."
    # 'Demoshire' is not English: a name unless the profile's own words include it
    assert scrub("Demoshire thanks you.") == "D thanks you."
    assert scrub("Demoshire thanks you.", allowed=frozenset({"demoshire"})) == "Demoshire thanks you."


def test_a_name_seen_once_is_a_name_everywhere():
    privacy.configure(set(), ["Mrs Hazel Brook rang us.", "Hazel now has a named worker."])
    # 'Hazel' starts a sentence and is an English word: only the first text shows it is a name
    assert scrub("Hazel now has a named worker.") == "H now has a named worker."


def test_every_redaction_is_logged_for_the_audit_edition():
    _, found = redact("Ring 07700 900982, Oliver.")
    assert [(r.kind, r.original) for r in found] == [("phone number", "07700 900982"), ("name", "Oliver")]
    assert privacy.LOG[-2:] == found


def test_labels_that_look_like_personal_data():
    assert label_problems("Oliver Pembleton NHS 943 476 5919") == ["NHS number", "name"]
    for label in ("Children's Social Care", "Education and Inclusion", "Fostering", "SEND and inclusion"):
        assert label_problems(label) == [], label
