"""Every page a role of the demo council can reach, for the title checks and the browser crawler.

The pages come from the URL map, with real ids from the demo database, then from following the
links on the pages found. Pages are told apart by route and by the words in their URL (the
channel and step of a recording page); ids are not, so the crawl stays bounded: one line, one
action, one shop of each kind.
"""

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule

from shopper.domain.states import ActionStatus, Role, ShopStatus, StandardStatus
from shopper.extensions import db
from shopper.models import Dispute, PlanAction, Shop, StandardVersion, User
from shopper.models.people import team_lead_blocks
from shopper.services.admin.standards import discard_draft, start_draft
from shopper.services.audit import Actor
from shopper.services.exports.action_plan import PlanEntry, save_plan_action
from shopper.views.access import PUBLIC, SIGNED_IN

DEMO_USERS = {
    "coordinator": ("coordinator@anytown.example", Role.COORDINATOR),
    # The demo's actions and disputes are on Highways' blocks.
    "team_lead": ("lead.highways@anytown.example", Role.TEAM_LEAD),
    "councillor": ("cllr.jones@anytown.example", Role.SHOPPER),
    "staff": ("staff.planning@anytown.example", Role.SHOPPER),
    "assessor": ("assessor@assessors.example", Role.ASSESSOR),
}
# Arguments that choose which page is shown, not which record it shows.
PAGE_WORDS = {"channel", "step"}
# Not pages: scripts' JSON, files to download, the API and the service worker.
NOT_PAGES = re.compile(r"^/(api/|static/)|\.(csv|js)$")
MISSING = "/no-such-page"
DRAFTED_STANDARD = "RC"
# A page each role may not use, for the 403 page.
REFUSED = {Role.COORDINATOR: "/record", Role.TEAM_LEAD: "/people", Role.SHOPPER: "/compliance",
           Role.ASSESSOR: "/actions"}


@dataclass(frozen=True)
class Page:
    """A page to visit: its URL and the route it belongs to."""

    url: str
    route: str


def page_rules(app) -> list[Rule]:
    """The routes that answer GET with a page."""
    return [rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and not NOT_PAGES.search(rule.rule)]


def may_use(app, rule: Rule, role: Role | None) -> bool:
    access = app.view_functions[rule.endpoint].access
    if access == PUBLIC:
        return True
    if role is None:
        return False
    return access == SIGNED_IN or role in access


def route_of(app, url: str) -> tuple[str, dict] | None:
    """The route a same-site URL belongs to, and its arguments; None for other sites' URLs."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc != "localhost"
                                                     and not parts.netloc.startswith("127.")):
        return None
    try:
        rule, arguments = app.url_map.bind("localhost").match(
            parts.path, method="GET", return_rule=True)
    except HTTPException:
        return None
    return rule.rule, arguments


def page_key(route: str, arguments: dict) -> tuple:
    return (route, *sorted((name, str(value)) for name, value in arguments.items()
                           if name in PAGE_WORDS))


def in_site_links(html: str, base: str) -> Iterator[str]:
    page = BeautifulSoup(html, "html.parser")
    for link in page.select("a[href]"):
        href = link["href"]
        if href.startswith(("#", "mailto:", "tel:")):
            continue
        parts = urlsplit(urljoin(base, href))
        yield parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Crawl:
    """Breadth-first over a role's pages, one page per key, links found on each page added."""

    app: object
    role: Role | None
    # Signed in, the public pages differ only in their header: the signed-out crawl has them.
    public_pages: bool = True
    seen: dict[tuple, Page] = field(default_factory=dict)

    def add(self, url: str) -> Page | None:
        if url == MISSING and url not in self.seen:
            self.seen[url] = Page(url, "404")
            return self.seen[url]
        found = route_of(self.app, url)
        if found is None or NOT_PAGES.search(found[0]):
            return None
        rule = next(rule for rule in self.app.url_map.iter_rules() if rule.rule == found[0])
        if not crawled(self.app, rule, self.role, self.public_pages):
            return None
        key = page_key(*found)
        if key in self.seen:
            return None
        self.seen[key] = Page(url, found[0])
        return self.seen[key]

    def run(self, seeds: list[str], fetch: Callable[[str], tuple[str, str | None]]) -> list[Page]:
        """Visit every page reachable from the seeds. `fetch` follows redirects and returns
        where it ended and the page's HTML (None for what is not a page)."""
        queue = [page for url in seeds if (page := self.add(url))]
        visited = []
        while queue:
            page = queue.pop(0)
            final_url, html = fetch(page.url)
            visited.append(page)
            if final_url != page.url and (landed := self.add(final_url)):
                visited.append(landed)
            if html:
                queue.extend(found for url in in_site_links(html, final_url)
                             if (found := self.add(url)))
        return visited


def crawled(app, rule: Rule, role: Role | None, public_pages: bool) -> bool:
    if public_pages or role is None or rule.rule == "/":
        return may_use(app, rule, role)
    return may_use(app, rule, role) and app.view_functions[rule.endpoint].access != PUBLIC


def unvisited_routes(app, role: Role | None, visited: list[Page],
                     public_pages: bool = True) -> list[str]:
    """The page routes this role may use that the crawl never reached."""
    reached = {page.route for page in visited}
    return sorted(rule.rule for rule in page_rules(app)
                  if crawled(app, rule, role, public_pages) and rule.rule not in reached)


def heading_text(h1) -> str:
    """An h1's words without its caption (GOV.UK puts a caption inside the h1 as context)."""
    words = [text for text in h1.find_all(string=True) if not _in_caption(text, h1)]
    return " ".join(" ".join(words).split())


def _in_caption(text, h1) -> bool:
    for parent in text.parents:
        if parent is h1:
            return False
        if any(name.startswith("govuk-caption") for name in parent.get("class", [])):
            return True
    return False


def title_problem(html: str) -> str | None:
    """Why the page's title and h1 disagree, or None: one h1, and the title starts with it
    (after "Error: " when the page shows an error summary)."""
    page = BeautifulSoup(html, "html.parser")
    headings = page.select("h1")
    if len(headings) != 1:
        return f"{len(headings)} h1 headings: {[h.get_text(' ', strip=True) for h in headings]}"
    heading = heading_text(headings[0])
    title = " ".join(page.title.get_text().split()) if page.title else ""
    expected = f"Error: {heading}" if page.select_one(".govuk-error-summary") else heading
    if not title.startswith(f"{expected} – "):
        return f"the title {title!r} does not start with {expected!r}"
    return None


def prepare_demo() -> None:
    """Add what the demo council lacks for some pages to exist: a draft standard (its item
    pages) and an entry in the CSE action plan. `tidy_demo` takes them away again."""
    coordinator = db.session.scalar(db.select(User).filter_by(role=Role.COORDINATOR))
    start_draft(Actor.command("the page crawl"), DRAFTED_STANDARD)
    save_plan_action(PlanEntry(criterion=1, element=None, outcome="Publish the shop results",
                               officer="CSE lead", target_on=date.today() + timedelta(days=30),
                               status=ActionStatus.AMBER, progress=""), by=coordinator)


def tidy_demo() -> None:
    db.session.rollback()
    for version in db.session.scalars(db.select(StandardVersion).filter_by(
            status=StandardStatus.DRAFT)):
        discard_draft(Actor.command("the page crawl"), version)
    db.session.execute(db.delete(PlanAction))
    db.session.commit()


def seed_urls(app, role: Role | None) -> list[str]:
    """Where a role's crawl starts: the routes without arguments, then pages no link leads to
    (a shop to dispute, a recording to resume, a spent password link, a missing page)."""
    seeds = [rule.rule for rule in page_rules(app) if not rule.arguments]
    seeds += [MISSING, "/set-password/not-a-real-token"]
    if role in (Role.COORDINATOR, Role.TEAM_LEAD):
        seeds.append(f"/disputes/shops/{_undisputed_shop(role)}/dispute")
    if role == Role.COORDINATOR:
        draft = db.session.scalar(db.select(StandardVersion).filter_by(
            status=StandardStatus.DRAFT))
        seeds.insert(0, f"/standards/{draft.standard.code}/versions/{draft.version}")
    if role == Role.SHOPPER:
        seeds += [f"/record/call/{uuid.uuid4()}", f"/record/visit/{uuid.uuid4()}"]
    return seeds


def _undisputed_shop(role: Role) -> int:
    """A submitted shop with no dispute, in the demo team lead's blocks for a team lead."""
    query = (db.select(Shop.id).filter_by(status=ShopStatus.SUBMITTED)
             .where(~db.exists().where(Dispute.shop_id == Shop.id)).order_by(Shop.id))
    if role == Role.TEAM_LEAD:
        lead = db.session.scalar(db.select(User.id).filter_by(email=DEMO_USERS["team_lead"][0]))
        query = query.where(Shop.service_block_id.in_(
            db.select(team_lead_blocks.c.service_block_id).where(
                team_lead_blocks.c.user_id == lead)))
    return db.session.scalar(query)
