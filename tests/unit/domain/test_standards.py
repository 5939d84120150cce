from fractions import Fraction

import pytest

from shopper.domain import (
    CSE_ELEMENTS,
    CSE_NUMBERING_NOTE,
    SHIPPED_STANDARDS,
    Channel,
    Condition,
    ItemSpec,
    StandardSpec,
    index_items,
)

STANDARDS = {standard.code: standard for standard in SHIPPED_STANDARDS}
ITEMS = {item.code: item for standard in SHIPPED_STANDARDS for item in standard.items}

# docs/standards.md's tables: code -> (CSE elements, critical, derived).
SPEC_TABLE = {
    "TA1": ("5.1.1 5.2.3", False, True), "TA2": ("3.3.1 5.2.4", True, True),
    "TA3": ("2.2.2", False, False), "TA4": ("2.2.2", False, False),
    "TA5": ("2.2.2", False, False), "TA6": ("3.2.1 3.4.2", False, False),
    "TA7": ("5.2.4", False, False),
    "VM1": ("5.2.1", True, False), "VM2": ("2.2.2", False, False),
    "VM3": ("2.2.2", False, False), "VM4": ("3.1.1", False, False),
    "VM5": ("5.1.1 5.2.1", False, False), "VM6": ("5.2.1", False, False),
    "VM7": ("5.2.4", True, False), "VM8": ("5.1.1 5.2.4 5.3.1", False, True),
    "VM9": ("3.3.1", False, True), "VM10": ("5.2.4", False, False),
    "RC1": ("5.1.1 2.2.2", False, True), "RC2": ("5.1.1 5.2.4", False, True),
    "RC3": ("3.3.3", False, False), "RC4": ("3.3.3", False, False),
    "RC5": ("2.2.2", False, False), "RC6": ("2.1.6", True, False),
    "RC7": ("3.1.1 5.2.1", False, False), "RC8": ("3.3.3", False, False),
    "RC9": ("2.1.3 3.3.3", False, False), "RC10": ("3.2.1 3.4.2", False, False),
}

CONDITIONS = {
    "TA1": Condition.ALWAYS, "TA2": Condition.ALWAYS, "TA3": Condition.PERSON,
    "TA4": Condition.PERSON, "TA5": Condition.PERSON, "TA6": Condition.PERSON,
    "TA7": Condition.HELD_OR_TRANSFERRED,
    "VM1": Condition.VOICEMAIL, "VM2": Condition.VOICEMAIL, "VM3": Condition.VOICEMAIL,
    "VM4": Condition.VOICEMAIL, "VM5": Condition.VOICEMAIL, "VM6": Condition.OFFICER_AWAY,
    "VM7": Condition.VOICEMAIL, "VM8": Condition.MESSAGE_LEFT,
    "VM9": Condition.CALLBACK_RECEIVED, "VM10": Condition.CALLBACK_ANSWERING_MACHINE,
    **{f"RC{n}": Condition.ALWAYS for n in range(1, 11)},
    "RC8": Condition.FAMILY_RECEPTION,
}


def test_the_three_shipped_standards():
    assert [(s.code, s.name, s.channel, s.version) for s in SHIPPED_STANDARDS] == [
        ("TA", "Telephone answering", Channel.CALL, 1),
        ("VM", "Voicemail", Channel.CALL, 1),
        ("RC", "Reception", Channel.VISIT, 1),
    ]


def test_item_codes_in_order():
    assert [i.code for i in STANDARDS["TA"].items] == [f"TA{n}" for n in range(1, 8)]
    assert [i.code for i in STANDARDS["VM"].items] == [f"VM{n}" for n in range(1, 11)]
    assert [i.code for i in STANDARDS["RC"].items] == [f"RC{n}" for n in range(1, 11)]


@pytest.mark.parametrize("code", sorted(SPEC_TABLE))
def test_items_match_spec_table(code):
    cse, critical, derived = SPEC_TABLE[code]
    item = ITEMS[code]
    assert item.cse_elements == tuple(cse.split())
    assert item.critical is critical
    assert item.derived is derived
    assert item.condition is CONDITIONS[code]
    assert item.weight == Fraction(1)
    assert item.question.endswith("?")
    assert item.guidance
    assert item.missing_phrase


def test_every_cited_cse_element_is_listed_once():
    numbers = [number for number, _ in CSE_ELEMENTS]
    assert len(numbers) == len(set(numbers))
    cited = {number for item in ITEMS.values() for number in item.cse_elements}
    assert cited <= set(numbers)
    assert {number[0] for number in numbers} == {"1", "2", "3", "4", "5"}
    assert all(title for _, title in CSE_ELEMENTS)


def test_cse_numbering_note():
    assert CSE_NUMBERING_NOTE == (
        "Numbering as in the Customer Service Excellence standard at the time Shopper shipped; "
        "check it against the standard in force.")


def test_item_lookup():
    assert STANDARDS["VM"].item("VM4").missing_phrase == "the extension number"
    with pytest.raises(KeyError):
        STANDARDS["VM"].item("TA1")


def test_item_codes_unique_across_shipped_standards():
    assert set(index_items(SHIPPED_STANDARDS)) == set(SPEC_TABLE)


def test_duplicate_codes_are_refused():
    item = ItemSpec("X1", "Question?", "", Condition.ALWAYS)
    with pytest.raises(ValueError):
        StandardSpec("X", "X", Channel.CALL, (item, item))
    with pytest.raises(ValueError):
        index_items([StandardSpec("X", "X", Channel.CALL, (item,)),
                     StandardSpec("Y", "Y", Channel.VISIT, (item,))])


def test_negative_weights_are_refused_and_whole_weights_become_fractions():
    with pytest.raises(ValueError):
        ItemSpec("X1", "Question?", "", Condition.ALWAYS, weight=Fraction(-1))
    assert ItemSpec("X1", "Question?", "", Condition.ALWAYS, weight=2).weight == Fraction(2)
    assert ItemSpec("X1", "Question?", "", Condition.ALWAYS, weight=0.1).weight == Fraction(1, 10)
