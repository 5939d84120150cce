"""Named states and kinds of the rules: roles, line types, shop, action and dispute states."""

from enum import StrEnum


class Role(StrEnum):
    COORDINATOR = "coordinator"
    TEAM_LEAD = "team_lead"
    SHOPPER = "shopper"
    ASSESSOR = "assessor"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class LineType(StrEnum):
    INDIVIDUAL = "individual"
    HUNT_GROUP = "hunt_group"
    PA_PHONE = "pa_phone"
    CONTACT_CENTRE = "contact_centre"

    @property
    def label(self) -> str:
        return {
            "individual": "Individual handset",
            "hunt_group": "Hunt group",
            "pa_phone": "PA phone",
            "contact_centre": "Contact centre",
        }[self.value]


class ShopStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    EXCLUDED = "excluded"


class StandardStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class ActionStatus(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    DONE = "done"


class DisputeStatus(StrEnum):
    OPEN = "open"
    UPHELD = "upheld"
    REJECTED = "rejected"


class ExerciseStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class AssignmentState(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
