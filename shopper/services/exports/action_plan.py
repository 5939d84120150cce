"""The council's CSE action plan: actions by criterion or element, with RAG statuses."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from shopper.domain.cse import CSE_CRITERIA, criterion_of, element_order
from shopper.domain.states import ActionStatus
from shopper.extensions import db
from shopper.models import CseElement, PlanAction, User
from shopper.services.audit import Actor, record_change
from shopper.services.errors import NotFound


@dataclass(frozen=True)
class PlanEntry:
    """What the plan holds for one action; the caller leaves out the free text if it must."""

    criterion: int
    element: str | None
    outcome: str
    officer: str
    target_on: date
    status: ActionStatus
    progress: str


def elements() -> list[tuple[str, str]]:
    """Every CSE element, number and number with title, in the standard's order."""
    rows = db.session.execute(sa.select(CseElement.number, CseElement.title)).all()
    return sorted(((n, f"{n} {t}") for n, t in rows), key=lambda pair: element_order(pair[0]))


def plan_actions() -> list[PlanAction]:
    """The whole plan, by criterion, then element, then target date."""
    found = db.session.scalars(sa.select(PlanAction)).all()
    return sorted(found, key=lambda a: (a.criterion, element_order(a.element or ""),
                                        a.target_on, a.id))


def plan_action(action_id: int) -> PlanAction:
    """The action with this id; NotFound if there is none."""
    action = db.session.get(PlanAction, action_id)
    if action is None:
        raise NotFound
    return action


def save_plan_action(entry: PlanEntry, by: User, action: PlanAction | None = None) -> PlanAction:
    """Raise an action on the plan, or change one; either way the audit trail keeps it."""
    if entry.criterion not in CSE_CRITERIA or (
            entry.element and criterion_of(entry.element) != entry.criterion):
        raise ValueError("The element must belong to the criterion")
    before = _describe(action) if action else None
    action = action or PlanAction(created_by_id=by.id)
    action.criterion, action.element = entry.criterion, entry.element or None
    action.outcome, action.officer, action.target_on = entry.outcome, entry.officer, entry.target_on
    action.status, action.progress = entry.status, entry.progress
    db.session.add(action)
    db.session.flush()
    record_change(Actor.of_user(by), "plan_action", action.id,
                  "changed" if before else "raised", before, _describe(action))
    db.session.commit()
    return action


def _describe(action: PlanAction) -> dict:
    return {"criterion": action.criterion, "element": action.element,
            "outcome": action.outcome, "officer": action.officer,
            "target_on": action.target_on.isoformat(), "status": str(action.status),
            "progress": action.progress}
