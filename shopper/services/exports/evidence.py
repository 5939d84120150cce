"""The evidence for an assessor: the compliance report with the standards, actions and method."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from shopper.domain.cse import CSE_CRITERIA
from shopper.domain.deadlines import LONDON, local_date
from shopper.domain.ratings import previous_period
from shopper.domain.settings import Settings
from shopper.domain.states import Role, ShopStatus
from shopper.extensions import db
from shopper.models import Action, Assignment, CseElement, Exercise, ServiceBlock, Shop, User
from shopper.services.exports.action_plan import plan_actions
from shopper.services.exports.matrix import MatrixRow, evidence_matrix
from shopper.services.review.reports import compliance_report
from shopper.services.settings import load_settings
from shopper.services.standards import PublishedVersion, load_catalogue


@dataclass(frozen=True)
class ExportChoice:
    """What to export: the period, the blocks (None: every active one) and whether names go in."""

    start: date
    end: date
    block_ids: list[int] | None = None
    with_names: bool = False


@dataclass(frozen=True)
class ActionLine:
    """An action as exported; what, owner and progress are free text that may hold names."""

    block: str
    item_code: str | None
    raised_on: date
    due_on: date
    status: str
    what: str | None
    owner: str | None
    progress: str | None


@dataclass(frozen=True)
class PlanLine:
    """A row of the CSE action plan as exported; officer and progress may hold names."""

    criterion: int
    criterion_name: str
    element: str | None
    outcome: str
    officer: str | None
    target_on: date
    progress: str | None
    status: str


@dataclass(frozen=True)
class Method:
    """How the shops were gathered: who shopped, and the exercises that sampled them."""

    shops: int
    by_councillors: int
    by_staff: int
    by_coordinators: int
    councillors: int
    staff: int
    assigned: int
    exercises: list[tuple[str, date, date, int]]


@dataclass(frozen=True)
class Evidence:
    council: str
    choice: ExportChoice
    made_at: datetime
    # In the report's order.
    block_ids: list[int]
    report: dict
    versions: list[PublishedVersion]
    cse_titles: dict[str, str]
    actions: list[ActionLine]
    plan: list[PlanLine]
    matrix: list[MatrixRow]
    settings: Settings

    @property
    def previous(self) -> tuple[date, date]:
        return previous_period(self.choice.start, self.choice.end)

    @cached_property
    def method(self) -> Method:
        """How the shops were gathered: counted when first asked for, as the shops CSV never
        asks (three counts over the period's shops)."""
        return _method(self.choice, self.block_ids)


def gather_evidence(choice: ExportChoice, now: datetime | None = None) -> Evidence:
    """Everything the exports show, from the same compliance report as the JSON export."""
    now = now or datetime.now(UTC)
    settings, catalogue = load_settings(), load_catalogue()
    report = compliance_report(choice.start, choice.end, now, choice.block_ids)
    ids = _block_ids([block["service_block"] for block in report["blocks"]])
    actions = _actions(ids, choice.with_names)
    titles = dict(db.session.execute(sa.select(CseElement.number, CseElement.title)).all())
    versions = [v for vs in catalogue.versions.values() for v in vs]
    current = catalogue.current()
    return Evidence(
        council=settings.council_name, choice=choice, made_at=now.astimezone(LONDON),
        block_ids=ids, report=report, versions=versions, cse_titles=titles, actions=actions,
        plan=_plan(choice.with_names),
        matrix=evidence_matrix(report, current, titles, actions), settings=settings)


def _block_ids(names: list[str]) -> list[int]:
    """The blocks' ids, in the report's order."""
    by_name = dict(db.session.execute(sa.select(ServiceBlock.name, ServiceBlock.id)
                                      .where(ServiceBlock.name.in_(names))).all())
    return [by_name[name] for name in names]


def _actions(block_ids: list[int], with_names: bool) -> list[ActionLine]:
    query = (sa.select(Action).where(Action.service_block_id.in_(block_ids))
             .options(selectinload(Action.block), selectinload(Action.notes))
             .order_by(Action.due_on, Action.id))
    lines = []
    for action in db.session.scalars(query):
        progress = action.notes[-1].text if action.notes else ""
        lines.append(ActionLine(
            action.block.name, action.item_code, local_date(action.created_at), action.due_on,
            str(action.status), action.what if with_names else None,
            action.owner if with_names else None, progress if with_names else None))
    return lines


def _plan(with_names: bool) -> list[PlanLine]:
    return [PlanLine(a.criterion, CSE_CRITERIA[a.criterion], a.element, a.outcome,
                     a.officer if with_names else None, a.target_on,
                     (a.progress or None) if with_names else None, str(a.status))
            for a in plan_actions()]


def _method(choice: ExportChoice, block_ids: list[int]) -> Method:
    decided = (Shop.occurred_on.between(choice.start, choice.end),
               Shop.service_block_id.in_(block_ids),
               Shop.status.in_([ShopStatus.SUBMITTED, ShopStatus.VERIFIED]))
    by_kind = sa.case((User.role == Role.COORDINATOR, "coordinator"),
                      (User.service_block_id.is_(None), "councillor"), else_="staff")
    counts = dict(db.session.execute(
        sa.select(by_kind, sa.func.count(Shop.id)).join(User, User.id == Shop.shopper_id)
        .where(*decided).group_by(by_kind)).all())
    people = dict(db.session.execute(
        sa.select(by_kind, sa.func.count(sa.distinct(Shop.shopper_id)))
        .join(User, User.id == Shop.shopper_id).where(*decided).group_by(by_kind)).all())
    assigned = db.session.scalar(
        sa.select(sa.func.count(Assignment.id)).join(Shop, Shop.id == Assignment.shop_id)
        .where(*decided)) or 0
    exercises = [(e.name, e.starts_on, e.ends_on, e.target_per_block)
                 for e in db.session.scalars(
                     sa.select(Exercise).where(Exercise.starts_on <= choice.end,
                                               Exercise.ends_on >= choice.start)
                     .order_by(Exercise.starts_on))]
    return Method(sum(counts.values()), counts.get("councillor", 0), counts.get("staff", 0),
                  counts.get("coordinator", 0), people.get("councillor", 0),
                  people.get("staff", 0), assigned, exercises)
