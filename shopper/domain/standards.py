"""Standards and their items as Shopper ships them, independent of how they are stored."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from shopper.domain.cse import CSE_ELEMENTS, CSE_NUMBERING_NOTE
from shopper.domain.enums import Channel, Condition

__all__ = [
    "CSE_ELEMENTS", "CSE_NUMBERING_NOTE", "DERIVED_FROM", "ITEM_CONDITIONS", "SHIPPED_STANDARDS",
    "ItemSpec", "StandardSpec", "index_items", "item_code_problem", "standard_code_problem",
]

# The facts each derived item is worked out from, as an answer error names them.
DERIVED_FROM: dict[str, str] = {
    "TA1": "rings",
    "TA2": "outcome",
    "VM8": "message_left_at and callback_at",
    "VM9": "callback_withheld",
    "RC1": "acknowledged_minutes",
    "RC2": "seen_minutes",
}


# When an item added by a council may apply: the conditions a shop's facts already decide.
ITEM_CONDITIONS: dict[Channel, tuple[tuple[Condition, str], ...]] = {
    Channel.CALL: (
        (Condition.ALWAYS, "Every call"),
        (Condition.PERSON, "When the call was answered by a person"),
        (Condition.HELD_OR_TRANSFERRED, "When the caller was held or transferred"),
        (Condition.VOICEMAIL, "When the call reached voicemail"),
        (Condition.OFFICER_AWAY, "When the call reached voicemail and the officer was away"),
        (Condition.MESSAGE_LEFT, "When a message was left"),
        (Condition.CALLBACK_RECEIVED, "When a callback came"),
        (Condition.CALLBACK_ANSWERING_MACHINE,
         "When the callback reached the shopper's answering machine"),
    ),
    Channel.VISIT: (
        (Condition.ALWAYS, "Every visit"),
        (Condition.FAMILY_RECEPTION, "At a family reception"),
    ),
}

_ITEM_CODE = re.compile(r"[A-Z]{1,6}[0-9]{1,4}")
_STANDARD_CODE = re.compile(r"[A-Z]{1,10}")


def item_code_problem(code: str) -> str | None:
    """What to do about an item code that is not letters then digits (TA8), or None."""
    if not _ITEM_CODE.fullmatch(code):
        return "Enter the item's code as up to 6 capital letters then up to 4 digits, like TA8"
    return None


def standard_code_problem(code: str) -> str | None:
    """What to do about a standard's code that is not 1 to 10 capital letters, or None."""
    if not _STANDARD_CODE.fullmatch(code):
        return "Enter the standard's code as 1 to 10 capital letters, like AC"
    return None


@dataclass(frozen=True)
class ItemSpec:
    """One question of a standard: when it applies, how much it weighs, what it evidences."""

    code: str
    question: str
    guidance: str
    condition: Condition
    weight: Fraction = Fraction(1)
    critical: bool = False
    derived: bool = False
    cse_elements: tuple[str, ...] = ()
    # A short noun phrase for "Missing: …" in a shop's result, like "the extension number".
    missing_phrase: str = ""

    def __post_init__(self) -> None:
        # A float read back from storage (0.1) means its decimal, not its binary approximation.
        weight = Fraction(repr(self.weight)) if isinstance(self.weight, float) else Fraction(
            self.weight)
        if weight < 0:
            raise ValueError(f"{self.code}: an item's weight cannot be negative")
        object.__setattr__(self, "weight", weight)
        object.__setattr__(self, "condition", Condition(self.condition))
        object.__setattr__(self, "cse_elements", tuple(self.cse_elements))


@dataclass(frozen=True)
class StandardSpec:
    """One version of a named standard: its items in the order they are asked."""

    code: str
    name: str
    channel: Channel
    items: tuple[ItemSpec, ...]
    version: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        object.__setattr__(self, "channel", Channel(self.channel))
        codes = [item.code for item in self.items]
        if len(set(codes)) != len(codes):
            raise ValueError(f"{self.code}: item codes must be unique within a standard")

    def item(self, code: str) -> ItemSpec:
        """The item with this code; KeyError if the standard has none."""
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)


def index_items(standards: Iterable[StandardSpec]) -> dict[str, tuple[StandardSpec, ItemSpec]]:
    """Each item code with its standard; ValueError if a code is in two standards."""
    index: dict[str, tuple[StandardSpec, ItemSpec]] = {}
    for standard in standards:
        for item in standard.items:
            if item.code in index:
                raise ValueError(f"Item code {item.code} is in more than one standard")
            index[item.code] = (standard, item)
    return index


def _item(code: str, question: str, guidance: str, condition: Condition, missing: str,
          cse: str, *, critical: bool = False, derived: bool = False) -> ItemSpec:
    return ItemSpec(code=code, question=question, guidance=guidance, condition=condition,
                    critical=critical, derived=derived, cse_elements=tuple(cse.split()),
                    missing_phrase=missing)


_A, _P, _V = Condition.ALWAYS, Condition.PERSON, Condition.VOICEMAIL

TELEPHONE_ANSWERING = StandardSpec("TA", "Telephone answering", Channel.CALL, (
    _item("TA1", "Was the call answered, by a person or voicemail, within the ring target?",
          "Worked out from the rings you counted; the target is 5 rings unless the council "
          "has changed it.", _A, "an answer within the ring target", "5.1.1 5.2.3",
          derived=True),
    _item("TA2", "Did the call reach a person or voicemail?",
          "Worked out from the outcome: not met if the call rang out, was engaged after 3 tries "
          "or reached a dead end.", _A, "reaching a person or voicemail", "3.3.1 5.2.4",
          critical=True, derived=True),
    _item("TA3", "Did the greeting give the name of the service or team?",
          "For example, “Council Tax, Priya speaking”. “Hello” alone is not met.", _P,
          "the service or team in the greeting", "2.2.2"),
    _item("TA4", "Did the officer give their name?", "A first name is enough.", _P,
          "the officer's name", "2.2.2"),
    _item("TA5", "Was the officer polite and helpful?",
          "Think about their tone, whether they listened and whether they rushed you.", _P,
          "a polite and helpful answer", "2.2.2"),
    _item("TA6", "Was your enquiry resolved, or were you correctly redirected to another team "
          "or organisation?",
          "Redirection is met only if you were sent to the right place with a way to reach it.",
          _P, "a resolved or correctly redirected enquiry", "3.2.1 3.4.2"),
    _item("TA7", "Were you told before being held or transferred, and did the transfer work?",
          "Not met if you were held or transferred without warning, or the transfer failed.",
          Condition.HELD_OR_TRANSFERRED, "a warning before the hold or transfer, and a transfer "
          "that worked", "5.2.4"),
))

# VM2 is about who answers the line, VM3 about what it is for; the words keep the two apart.
VM2_QUESTION = ("Did the greeting say whose phone you had reached: the officer's name on an "
                "individual line, or the team's name on a shared line?")
VM2_GUIDANCE = ("This question is about who, like “You have reached Sam Patel”. The directory "
                "shows whether the line is individual or shared.")
VM3_QUESTION = "Did the greeting say which council service you had reached, like Council Tax?"
VM3_GUIDANCE = ("This question is about what the line is for. The service's name or its "
                "team's name is enough, even if you heard that name in the last question.")

VOICEMAIL = StandardSpec("VM", "Voicemail", Channel.CALL, (
    _item("VM1", "Was the voicemail greeting a personal one, not the system default?",
          "A recorded voice counts; the phone system's automatic message does not.", _V,
          "a personal greeting", "5.2.1", critical=True),
    _item("VM2", VM2_QUESTION, VM2_GUIDANCE, _V, "the officer's or team's name", "2.2.2"),
    _item("VM3", VM3_QUESTION, VM3_GUIDANCE, _V, "the team or service", "2.2.2"),
    _item("VM4", "Did the greeting give the extension or a direct number?",
          "Shared lines should give their extension or direct-dial number too.", _V,
          "the extension number", "3.1.1"),
    _item("VM5", "Did the greeting say when to expect a response, or give someone else to "
          "contact and their number?", "Either is enough.", _V,
          "when to expect a response, or another contact", "5.1.1 5.2.1"),
    _item("VM6", "Was an out-of-office greeting used, with a return date or someone else to "
          "contact?", "Asked only when you know the officer was away that day.",
          Condition.OFFICER_AWAY, "an out-of-office greeting", "5.2.1"),
    _item("VM7", "Could you leave a message?",
          "Not met if the mailbox was full or the line cut off before you could speak.", _V,
          "the chance to leave a message", "5.2.4", critical=True),
    _item("VM8", "Was your message returned within the callback target?",
          "Worked out from when you left the message and when the callback came: by default, "
          "by close of business on the next working day.", Condition.MESSAGE_LEFT,
          "a callback within the target", "5.1.1 5.2.4 5.3.1", derived=True),
    _item("VM9", "Did the callback show a number, so that 1471 and ringback work?",
          "Worked out from whether the callback number was withheld.",
          Condition.CALLBACK_RECEIVED, "a callback number that was not withheld", "3.3.1",
          derived=True),
    _item("VM10", "When the callback reached your answering machine, did the officer leave "
          "their name and number?", "Both are needed for met.",
          Condition.CALLBACK_ANSWERING_MACHINE, "a name and number left on your answering "
          "machine", "5.2.4"),
))

RECEPTION = StandardSpec("RC", "Reception", Channel.VISIT, (
    _item("RC1", "Were you acknowledged within the greeting target?",
          "Worked out from the minutes until you were acknowledged; the target is 2 minutes "
          "unless the council has changed it.", _A, "acknowledgement within the greeting target",
          "5.1.1 2.2.2", derived=True),
    _item("RC2", "Were you seen within the waiting target?",
          "Worked out from the minutes until you were seen; the target is 10 minutes unless the "
          "council has changed it. Not met if you were never seen.", _A,
          "being seen within the waiting target", "5.1.1 5.2.4", derived=True),
    _item("RC3", "Was the reception clean and tidy?", "Include the seating and any leaflets.",
          _A, "a clean and tidy reception", "3.3.3"),
    _item("RC4", "Was comfortable seating available?", "Seats must be free to use, not stacked.",
          _A, "comfortable seating", "3.3.3"),
    _item("RC5", "Did staff wear a name badge or give their name?", "Either is enough.", _A,
          "a name badge or the staff member's name", "2.2.2"),
    _item("RC6", "Were you offered a private space, or was one available, so that you could not "
          "be overheard?", "Not met if others could hear your conversation.", _A,
          "a private space", "2.1.6", critical=True),
    _item("RC7", "Were service standards, opening hours and how to complain on display?",
          "All three must be on display for met.", _A,
          "service standards, opening hours and how to complain on display", "3.1.1 5.2.1"),
    _item("RC8", "Were children's toys or a play area available?",
          "Asked only at family receptions.", Condition.FAMILY_RECEPTION,
          "children's toys or a play area", "3.3.3"),
    _item("RC9", "Was there step-free access and a working hearing loop?",
          "Both are needed for met; ask at the desk if the loop is not signed.", _A,
          "step-free access and a working hearing loop", "2.1.3 3.3.3"),
    _item("RC10", "Was your enquiry resolved, or were you correctly redirected?",
          "Redirection is met only if you were sent to the right place with a way to reach it.",
          _A, "a resolved or correctly redirected enquiry", "3.2.1 3.4.2"),
))

SHIPPED_STANDARDS: tuple[StandardSpec, ...] = (TELEPHONE_ANSWERING, VOICEMAIL, RECEPTION)
