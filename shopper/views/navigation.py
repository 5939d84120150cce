"""The service navigation: the areas a signed-in person may use, once each area exists."""

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_login import current_user

from shopper.domain.states import Role


@dataclass(frozen=True)
class Area:
    endpoint: str
    label: str
    roles: frozenset[Role]
    # The area is the current one on any endpoint starting with one of these.
    prefixes: tuple[str, ...]


REVIEWERS = frozenset({Role.COORDINATOR, Role.TEAM_LEAD, Role.ASSESSOR})
AREAS: tuple[Area, ...] = (
    Area("home.index", "Home", frozenset(Role), ("home.",)),
    Area("record.start", "Record a shop", frozenset({Role.SHOPPER}), ("record.",)),
    Area("review.overview", "Compliance", REVIEWERS, ("review.overview", "review.block")),
    Area("actions.index", "Actions", REVIEWERS - {Role.ASSESSOR}, ("actions.",)),
    Area("disputes.index", "Disputes", REVIEWERS - {Role.ASSESSOR}, ("disputes.",)),
    Area("exercises.index", "Exercises", frozenset({Role.COORDINATOR}), ("exercises.",)),
    Area("exports.download", "Evidence", REVIEWERS, ("exports.",)),
    Area("people.index", "People", frozenset({Role.COORDINATOR}), ("people.",)),
    Area("settings.edit", "Settings", frozenset({Role.COORDINATOR}), ("settings.",)),
    Area("directory.index", "Directory", frozenset({Role.COORDINATOR}), ("directory.",)),
    Area("standards.index", "Standards", frozenset({Role.COORDINATOR, Role.ASSESSOR}),
         ("standards.",)),
)


def navigation_items() -> list[dict]:
    """GOV.UK service navigation items for the signed-in user; none for strangers."""
    if not current_user.is_authenticated:
        return []
    here, role, routes = request.endpoint or "", current_user.role, current_app.view_functions
    return [{"href": url_for(area.endpoint), "text": area.label,
             "active": here.startswith(area.prefixes)}
            for area in AREAS if role in area.roles and area.endpoint in routes]


def register_navigation(app: Flask) -> None:
    app.context_processor(lambda: {"navigation_items": navigation_items})
