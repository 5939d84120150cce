"""Where an assignment stands (SPEC 8): open, done, cancelled or expired."""

from datetime import date

from shopper.domain.states import AssignmentState


def assignment_state(*, done: bool, cancelled: bool, closed: bool, ends_on: date | None,
                     today: date) -> AssignmentState:
    """Done once its shop is submitted; expired once its exercise is closed or has ended."""
    if done:
        return AssignmentState.DONE
    if cancelled:
        return AssignmentState.CANCELLED
    if closed or (ends_on is not None and ends_on < today):
        return AssignmentState.EXPIRED
    return AssignmentState.OPEN
