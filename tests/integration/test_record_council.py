"""A small council to record shops in, and a shopper's hands to record them with.

The other test_record_* modules build their fixtures from make_council() and Recorder. The
tests here cover the shopper's home page: assignments first, with a tap-to-call link.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from shopper.domain.states import LineType, Role
from shopper.extensions import db
from shopper.models import (
    Assignment,
    Line,
    ReceptionPoint,
    ServiceBlock,
    ServiceGrouping,
    Shop,
    Team,
    User,
)
from shopper.services.audit import Actor
from shopper.services.people import create_user
from tests.conftest import parse

TESTS = Actor("the tests")

PASSWORD = "correct horse"
# The worked example (docs/scoring.md) is on Thursday 24 December 2026; tests move the clock there.
CHRISTMAS_EVE = datetime(2026, 12, 24, 10, 5, tzinfo=UTC)


@dataclass
class Council:
    revenues: ServiceBlock
    planning: ServiceBlock
    housing: ServiceBlock
    council_tax: Line  # a hunt group, 0113 496 0001
    benefits: Line  # an individual line with an officer, 0113 496 0002
    with_extension: Line  # 0113 496 0003 ext. 2201
    planning_line: Line  # 0113 496 0101
    civic_centre: ReceptionPoint  # serves Revenues & Benefits and Planning
    family_hub: ReceptionPoint  # serves Housing; a family reception
    planning_office: ReceptionPoint  # serves Planning only
    councillor: User
    staff: User  # a member of staff in Planning
    other: User


def make_council() -> Council:
    grouping = ServiceGrouping(name="Resources")
    revenues = ServiceBlock(name="Revenues & Benefits", grouping=grouping)
    planning = ServiceBlock(name="Planning", grouping=grouping)
    housing = ServiceBlock(name="Housing", grouping=grouping)
    council_tax_team = Team(name="Council Tax", block=revenues)
    benefits_team = Team(name="Benefits Enquiries", block=revenues)
    development = Team(name="Development Management", block=planning)

    def line(number, team, block, line_type=LineType.HUNT_GROUP, **kwargs):
        return Line(number=number, team=team, block=block, line_type=line_type, **kwargs)

    lines = [
        line("+441134960001", council_tax_team, revenues),
        line("+441134960002", benefits_team, revenues, LineType.INDIVIDUAL,
             officer_name="Priya Shah"),
        line("+441134960003", council_tax_team, revenues, extension="2201"),
        line("+441134960101", development, planning),
        line("+441134960004", council_tax_team, revenues, active=False),
    ]
    points = [
        ReceptionPoint(name="Civic Centre", address="Market Square, Anytown AN1 1AA",
                       blocks=[revenues, planning]),
        ReceptionPoint(name="Northgate Family Hub", address="Northgate Road, Anytown AN2 4CD",
                       blocks=[housing], family_reception=True),
        ReceptionPoint(name="Planning Office", address="Town Hall, Anytown AN1 1AB",
                       blocks=[planning]),
    ]
    db.session.add_all([grouping, *lines, *points])
    db.session.commit()
    councillor = create_user("cllr@example.org", Role.SHOPPER, actor=TESTS, name="Cllr Jo Jones",
                             password=PASSWORD)
    staff = create_user("staff@example.org", Role.SHOPPER, actor=TESTS, name="Pat Planner",
                        block_names=["Planning"], password=PASSWORD)
    other = create_user("other@example.org", Role.SHOPPER, actor=TESTS, name="Cllr Sam Other",
                        password=PASSWORD)
    return Council(revenues, planning, housing, *lines[:4], *points, councillor, staff, other)


def assign(user: User, due_on: date, line: Line | None = None,
           point: ReceptionPoint | None = None, block: ServiceBlock | None = None) -> Assignment:
    block = block or (line.block if line else point.blocks[0])
    assignment = Assignment(shopper_id=user.id, line=line, reception_point=point,
                            service_block_id=block.id, due_on=due_on)
    db.session.add(assignment)
    db.session.commit()
    return assignment


def shops() -> list[Shop]:
    db.session.expire_all()
    return db.session.scalars(db.select(Shop).order_by(Shop.id)).all()


class Recorder:
    """A shopper's hands on the test client: no JavaScript, a form at a time."""

    def __init__(self, client):
        self.client = client
        self.response = None
        self.path = None

    def sign_in(self, user: User) -> "Recorder":
        self.client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
        return self

    def get(self, path: str, status: int = 200):
        self.response = self.client.get(path, follow_redirects=True)
        assert self.response.status_code == status, (path, self.response.status_code)
        self.path = self._where()
        return parse(self.response)

    def _where(self) -> str:
        """Where the browser now is, query and all: a form with no action posts back there."""
        request = self.response.request
        query = request.query_string.decode()
        return request.path + (f"?{query}" if query else "")

    def start(self, channel: str = "call", assignment: int | None = None):
        query = f"?assignment={assignment}" if assignment else ""
        return self.get(f"/record/{channel}/new{query}")

    def post(self, data: dict, status: int = 200, path: str | None = None):
        self.response = self.client.post(path or self.path, data=data, follow_redirects=True)
        assert self.response.status_code == status, (
            self.path, self.response.status_code, self.errors())
        self.path = self._where()
        return parse(self.response)

    @property
    def step(self) -> str:
        return self.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]

    def page(self):
        return parse(self.response)

    def errors(self) -> list[str]:
        page = parse(self.response)
        return [item.get_text(" ", strip=True)
                for item in page.select(".govuk-error-summary__list li")]

    def field_errors(self) -> list[str]:
        page = parse(self.response)
        return [message.get_text(" ", strip=True).removeprefix("Error:").strip()
                for message in page.select(".govuk-error-message")]

    def walk(self, pages: dict[str, dict], until: str = "check"):
        """Answer each page the journey shows from the answers given for it, up to `until`."""
        seen = []
        while self.step != until:
            assert self.step in pages, f"the journey asked {self.step} after {seen}"
            assert self.step not in seen[-1:], (self.step, self.errors())
            seen.append(self.step)
            self.post(pages[self.step])
        return seen

    def submit(self, status: int = 200):
        """Submit the check page as the shopper's browser would, with its hidden fields."""
        page = parse(self.response)
        form = page.select_one("form input[name=fingerprint]").find_parent("form")
        data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
        return self.post(data, status)


def when(at: datetime) -> dict:
    """The date and time fields of a page, as a shopper types them (Europe/London)."""
    from shopper.domain.deadlines import LONDON

    local = at.astimezone(LONDON)
    return {"date": [str(local.day), str(local.month), str(local.year)],
            "time": local.strftime("%H:%M")}


def results(page) -> list[str]:
    return [item.get_text(" ", strip=True) for item in page.select(".shop-result")]


@pytest.fixture
def council(app):
    return make_council()


@pytest.fixture
def recorder(client):
    return Recorder(client)


def test_the_home_page_starts_with_assignments_and_a_tap_to_call_link(council, recorder):
    assign(council.councillor, date(2026, 12, 31), line=council.with_extension)
    assign(council.councillor, date(2026, 12, 20), point=council.civic_centre,
           block=council.planning)
    page = recorder.sign_in(council.councillor).get("/")
    assignments = page.select(".app-assignment")
    assert [a.h3.text for a in assignments] == ["Civic Centre", "Council Tax"]
    visit, call = assignments
    assert "Due by 20 December 2026" in visit.text
    assert "Revenues & Benefits (hunt group)" in call.text
    tel = call.select_one("a.app-tel")
    assert tel["href"] == "tel:+441134960003,2201"
    assert tel.text == "Call 0113 496 0003 ext. 2201"
    links = [a.get_text(" ", strip=True) for a in page.select("main a")]
    assert links.index("Record this visit to Civic Centre, Planning") < links.index(
        "Record a call I made") < links.index("Record a visit")


def test_the_record_a_shop_area_is_in_the_shoppers_navigation(council, recorder):
    page = recorder.sign_in(council.councillor).get("/")
    navigation = [a.text.strip() for a in page.select(".govuk-service-navigation__link")]
    assert "Record a shop" in navigation
    page = recorder.get("/record")
    assert page.h1.text == "Record a shop"
    assert "You have not recorded any shops yet." in page.text


def test_recording_an_assigned_call_starts_at_when_and_fulfils_the_assignment(
        council, recorder, monkeypatch):
    monkeypatch.setattr("shopper.services.recording.drafts.now", lambda: CHRISTMAS_EVE)
    assignment = assign(council.councillor, date(2026, 12, 31), line=council.council_tax)
    recorder.sign_in(council.councillor).start("call", assignment.id)
    assert recorder.step == "when"
    recorder.post(when(datetime(2026, 12, 24, 10, tzinfo=UTC)))
    recorder.post({"outcome": "engaged"})
    assert recorder.step == "notes"
    recorder.post({"notes": ""})
    page = recorder.page()
    assert page.h1.text == "Check your answers"
    assert "0113 496 0001 (Council Tax, Revenues & Benefits)" in page.text
    recorder.submit()
    (shop,) = shops()
    assert db.session.get(Assignment, assignment.id).shop_id == shop.id
    page = recorder.get("/")
    assert "You have no assignments at the moment." in page.text
