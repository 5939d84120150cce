"""SQLAlchemy models, one module per aggregate."""

from shopper.models.action_plan import PlanAction
from shopper.models.audit import AuditEvent
from shopper.models.drafts import ShopDraft as ShopDraft
from shopper.models.organisation import (
    Line,
    ReceptionPoint,
    ServiceBlock,
    ServiceGrouping,
    Team,
    reception_point_blocks,
)
from shopper.models.people import ApiToken, Invitation, User, team_lead_blocks
from shopper.models.shops import ItemAnswer, Shop, ShopResult
from shopper.models.standards import CseElement, Item, Setting, Standard, StandardVersion
from shopper.models.tallies import ItemTally, LineTypeTally, ResultTally
from shopper.models.work import Action, ActionNote, Assignment, Dispute, Exercise

__all__ = [
    "Action", "ActionNote", "ApiToken", "Assignment", "AuditEvent", "CseElement", "Dispute",
    "Exercise", "Invitation", "Item", "ItemAnswer", "ItemTally", "Line", "LineTypeTally",
    "PlanAction", "ReceptionPoint", "ResultTally", "ServiceBlock", "ServiceGrouping", "Setting",
    "Shop", "ShopResult", "Standard", "StandardVersion", "Team", "User",
    "reception_point_blocks", "team_lead_blocks",
]
