"""The fixed vocabularies of the rules: answers, channels, outcomes and ratings."""

from enum import StrEnum


class Answer(StrEnum):
    """One item's answer for one shop."""

    MET = "met"
    NOT_MET = "not_met"
    NA = "n/a"


class Channel(StrEnum):
    """How a shop reaches the service."""

    CALL = "call"
    VISIT = "visit"


class Outcome(StrEnum):
    """What happened when the shopper called."""

    PERSON = "person"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no_answer"
    ENGAGED = "engaged"


class Away(StrEnum):
    """Whether the officer was known to be away on the day of the call."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Condition(StrEnum):
    """When an item applies, decided by a shop's facts."""

    ALWAYS = "always"
    PERSON = "person"
    HELD_OR_TRANSFERRED = "held_or_transferred"
    VOICEMAIL = "voicemail"
    # Holds only when the call reached voicemail too: an absent officer's greeting is heard there.
    OFFICER_AWAY = "officer_away"
    MESSAGE_LEFT = "message_left"
    CALLBACK_RECEIVED = "callback_received"
    CALLBACK_ANSWERING_MACHINE = "callback_answering_machine"
    FAMILY_RECEPTION = "family_reception"


class Nation(StrEnum):
    """The UK nation whose bank holidays the council keeps."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern_ireland"

    @property
    def label(self) -> str:
        """The nation's name as people write it."""
        return self.value.replace("_", " ").title()


class Rating(StrEnum):
    """A block's compliance with a standard over a period."""

    COMPLIANT = "compliant"
    PARTIALLY_COMPLIANT = "partially compliant"
    NON_COMPLIANT = "non-compliant"
    INSUFFICIENT_EVIDENCE = "insufficient evidence"


class CallbackState(StrEnum):
    """Where a call shop stands on the callback to a message left."""

    NOT_APPLICABLE = "not_applicable"
    AWAITING = "awaiting"
    MET = "met"
    LATE = "late"
    # The deadline passed with no callback, or the shopper said it never came.
    NEVER = "never"
