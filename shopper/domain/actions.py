"""Rules for acting on results: overdue actions; when a shop may be disputed, verified."""

from datetime import date, datetime

from shopper.domain.states import ActionStatus, ShopStatus

# How a status reads to people, and the GOV.UK tag colour that goes with the words.
ACTION_STATUS_LABELS = {
    ActionStatus.RED: "Red",
    ActionStatus.AMBER: "Amber",
    ActionStatus.GREEN: "Green",
    ActionStatus.DONE: "Done",
}
ACTION_STATUS_HINTS = {
    ActionStatus.RED: "Not started, or at risk of missing the due date",
    ActionStatus.AMBER: "Under way, with some risk",
    ActionStatus.GREEN: "Under way and on track",
    ActionStatus.DONE: "Finished",
}


def is_overdue(due_on: date, status: ActionStatus, today: date) -> bool:
    """An action is overdue once its due date has passed and it is not done."""
    return status != ActionStatus.DONE and due_on < today


def action_order(due_on: date, status: ActionStatus, today: date) -> tuple:
    """Overdue actions first, then open ones, then done; soonest due first within each."""
    if is_overdue(due_on, status, today):
        rank = 0
    elif status != ActionStatus.DONE:
        rank = 1
    else:
        rank = 2
    return (rank, due_on)


def dispute_refusal(status: ShopStatus, has_open_dispute: bool) -> str | None:
    """Why a shop cannot be disputed now, in words for the person trying; None if it can."""
    if status == ShopStatus.DRAFT:
        return "This shop has not been submitted yet, so there is nothing to dispute."
    if status == ShopStatus.EXCLUDED:
        return "This shop is already excluded from every figure."
    if has_open_dispute:
        return "This shop already has a dispute waiting for a decision."
    return None


def verification_refusal(status: ShopStatus, awaiting_until: datetime | None, now: datetime,
                         has_open_dispute: bool) -> str | None:
    """Why a shop cannot be verified now; None if it can.

    A shop still waiting for a callback is left for its shopper to complete: verifying it
    would stop them recording the callback.
    """
    if status != ShopStatus.SUBMITTED:
        return {
            ShopStatus.DRAFT: "This shop has not been submitted yet.",
            ShopStatus.VERIFIED: "This shop has already been verified.",
            ShopStatus.EXCLUDED: "This shop is excluded, so it cannot be verified.",
        }[status]
    if has_open_dispute:
        return "Decide the open dispute on this shop before verifying it."
    if awaiting_until is not None and awaiting_until > now:
        return "This shop is waiting for a callback; verify it once the callback is recorded."
    return None
