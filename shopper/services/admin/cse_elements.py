"""The Customer Service Excellence element list: numbers and short titles a coordinator keeps."""

import re

import sqlalchemy as sa

from shopper.extensions import db
from shopper.models import CseElement
from shopper.services.admin.ids import is_id
from shopper.services.admin.standards import StandardRefused
from shopper.services.audit import Actor, record_change
from shopper.services.errors import NotFound

NUMBER = re.compile(r"[1-9][0-9]?(\.[0-9]{1,2}){2}")


def element_or_404(element_id: int) -> CseElement:
    element = db.session.get(CseElement, element_id) if is_id(element_id) else None
    if element is None:
        raise NotFound(f"No CSE element {element_id}")
    return element


def save_element(actor: Actor, element: CseElement | None, number: str,
                 title: str) -> CseElement:
    """Add an element, or renumber or retitle one; items keep their links to it."""
    if not NUMBER.fullmatch(number):
        raise StandardRefused("number", "Enter the element's number as three parts, like 5.2.3")
    other = db.session.scalar(sa.select(CseElement).filter_by(number=number))
    if other is not None and other is not element:
        raise StandardRefused("number", f"{number} is already in the list: give another number")
    before = {"number": element.number, "title": element.title} if element else None
    if element is None:
        element = CseElement()
        db.session.add(element)
    element.number, element.title = number, title
    db.session.flush()
    after = {"number": element.number, "title": element.title}
    if after != before:
        record_change(actor, "cse_element", element.id, "updated" if before else "created",
                      before, after)
    db.session.commit()
    return element
