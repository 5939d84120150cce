"""`flask shopper export --format json`: the JSON export, checked against sums done here by hand."""

import json
import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from shopper.domain.enums import Answer, Away, Outcome
from shopper.domain.facts import CallFacts, VisitFacts
from shopper.domain.states import Role, ShopStatus, StandardStatus
from shopper.extensions import db
from shopper.models import (
    ApiToken,
    AuditEvent,
    Item,
    ServiceBlock,
    ServiceGrouping,
    Standard,
    StandardVersion,
)
from shopper.services.api_tokens import create_token
from shopper.services.audit import Actor
from shopper.services.settings import load_settings
from shopper.services.shops import ShopRecord, insert_shops, shop_rows
from shopper.services.standards import load_catalogue

LONDON = ZoneInfo("Europe/London")
TESTS = Actor("the tests")
GROUPINGS = {
    "Resources": ["Revenues & Benefits", "Customer Services"],
    "Development & Neighbourhood Services": ["Planning", "Waste & Recycling"],
}
ITEM_CODES = {
    "TA": [f"TA{n}" for n in range(1, 8)],
    "VM": [f"VM{n}" for n in range(1, 11)],
    "RC": [f"RC{n}" for n in range(1, 11)],
}
CRITICAL = {"TA2", "VM1", "VM7", "RC6"}
# England's bank holidays in 2026, written out here rather than taken from the app.
BANK_HOLIDAYS_2026 = {date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4),
                      date(2026, 5, 25), date(2026, 8, 31), date(2026, 12, 25),
                      date(2026, 12, 28)}
REPORT_KEYS = {"period", "blocks"}
BLOCK_KEYS = {"service_block", "service_grouping", "overall_rating", "standards"}
STANDARD_KEYS = {"code", "versions", "n", "passes", "pass_rate", "ci_low", "ci_high", "rating",
                 "previous", "items"}
PREVIOUS_KEYS = {"n", "passes", "pass_rate", "rating"}
ITEM_KEYS = {"code", "applicable", "met", "met_rate"}


def london(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), LONDON).astimezone(UTC)


# -- Storing shops -------------------------------------------------------------------------

@dataclass
class RawShop:
    """A shop as the test made it: what the independent sums below read."""

    block: str
    facts: CallFacts | VisitFacts
    answers: dict[str, Answer]
    status: ShopStatus = ShopStatus.SUBMITTED


@dataclass
class Council:
    blocks: dict[str, int]
    shopper_id: int
    shops: list[RawShop] = field(default_factory=list)

    def add(self, *shops: RawShop) -> None:
        catalogue, settings, now = load_catalogue(), load_settings(), datetime.now(UTC)
        insert_shops(shop_rows(ShopRecord(
            facts=shop.facts, answers=shop.answers, shopper_id=self.shopper_id,
            service_block_id=self.blocks[shop.block], status=shop.status),
            catalogue, settings, now) for shop in shops)
        db.session.commit()
        self.shops.extend(shops)


@pytest.fixture
def council(app, make_user) -> Council:
    blocks = {}
    for grouping_name, names in GROUPINGS.items():
        grouping = ServiceGrouping(name=grouping_name)
        for name in names:
            blocks[name] = ServiceBlock(name=name, grouping=grouping)
    closed = ServiceBlock(name="Markets", grouping=grouping, active=False)
    db.session.add_all([*blocks.values(), closed])
    db.session.commit()
    shopper = make_user("councillor@example.org", Role.SHOPPER)
    return Council({name: block.id for name, block in blocks.items()}, shopper.id)


def person_call(block: str, at: datetime, not_met: int = 0, **kwargs) -> RawShop:
    """A call answered by a person in 2 rings; `not_met` of TA3–TA6 not met."""
    answers = {code: Answer.NOT_MET if index < not_met else Answer.MET
               for index, code in enumerate(["TA3", "TA4", "TA5", "TA6"])}
    return RawShop(block, CallFacts(occurred_at=at, outcome=Outcome.PERSON, rings=2), answers,
                   **kwargs)


def voicemail_call(block: str, at: datetime, left_at: datetime | None,
                   callback_at: datetime | None = None) -> RawShop:
    answers = dict.fromkeys(("VM1", "VM2", "VM3", "VM4", "VM5", "VM7"), Answer.MET)
    facts = CallFacts(occurred_at=at, outcome=Outcome.VOICEMAIL, rings=3, message_left_at=left_at,
                      callback_at=callback_at, officer_away=Away.NO,
                      callback_withheld=False if callback_at else None,
                      callback_answering_machine=False if callback_at else None)
    return RawShop(block, facts, answers)


def export(app, tmp_path, *args: str):
    """Run the export command; the parsed file (None if not written) and the result."""
    target = tmp_path / "report.json"
    result = app.test_cli_runner().invoke(
        args=["shopper", "export", "--format", "json", *args, "-o", str(target)])
    report = json.loads(target.read_text(encoding="utf-8")) if target.exists() else None
    return report, result


def figures(report: dict, block: str, code: str) -> dict:
    [found] = [b for b in report["blocks"] if b["service_block"] == block]
    [standard] = [s for s in found["standards"] if s["code"] == code]
    return standard


# -- The independent calculation ------------------------------------------------------------

def callback_deadline(left_at: datetime) -> datetime:
    day = left_at.astimezone(LONDON).date() + timedelta(days=1)
    while day.weekday() >= 5 or day in BANK_HOLIDAYS_2026:
        day += timedelta(days=1)
    return datetime.combine(day, time(17), LONDON)


def awaiting(facts, now: datetime) -> bool:
    return (isinstance(facts, CallFacts) and facts.message_left_at is not None
            and facts.callback_at is None and not facts.callback_never
            and callback_deadline(facts.message_left_at) > now)


def applicable_answers(shop: RawShop) -> dict[str, bool]:
    """Every applicable item of the shop, met or not, worked out from its facts by hand."""
    facts, given = shop.facts, {code: a == Answer.MET for code, a in shop.answers.items()}
    if isinstance(facts, VisitFacts):
        codes = ["RC3", "RC4", "RC5", "RC6", "RC7", "RC9", "RC10"]
        codes += ["RC8"] if facts.family_reception else []
        found = {code: given[code] for code in codes}
        found["RC1"] = facts.acknowledged_minutes is not None and facts.acknowledged_minutes <= 2
        found["RC2"] = facts.seen_minutes is not None and facts.seen_minutes <= 10
        return found
    answered = facts.outcome in (Outcome.PERSON, Outcome.VOICEMAIL)
    found = {"TA1": answered and facts.rings is not None and facts.rings <= 5, "TA2": answered}
    asked = []
    if facts.outcome is Outcome.PERSON:
        asked += ["TA3", "TA4", "TA5", "TA6"]
    if facts.held_or_transferred:
        asked += ["TA7"]
    if facts.outcome is Outcome.VOICEMAIL:
        asked += ["VM1", "VM2", "VM3", "VM4", "VM5", "VM7"]
        asked += ["VM6"] if facts.officer_away is Away.YES else []
    if facts.message_left_at is not None:
        found["VM8"] = (facts.callback_at is not None
                        and facts.callback_at <= callback_deadline(facts.message_left_at))
    if facts.callback_at is not None:
        found["VM9"] = not facts.callback_withheld
        asked += ["VM10"] if facts.callback_answering_machine else []
    return found | {code: given[code] for code in asked}


def half_up(value) -> float | None:
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(
        value, Fraction) else Decimal(value)
    return float(exact.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def wilson(passes: int, n: int) -> tuple[float, float]:
    p, z = passes / n, 1.96
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def rating(n: int, passes: int) -> str:
    if n < 5:
        return "insufficient evidence"
    if Fraction(passes, n) >= Fraction(9, 10):
        return "compliant"
    return "partially compliant" if Fraction(passes, n) >= Fraction(3, 5) else "non-compliant"


def tally(shops: list[RawShop], block: str, start: date, end: date, now: datetime) -> dict:
    """n, passes and item counts per standard for one block, from the raw shops."""
    counts = {code: {"n": 0, "passes": 0, "items": {i: [0, 0] for i in items}}
              for code, items in ITEM_CODES.items()}
    for shop in shops:
        local_day = shop.facts.occurred_at.astimezone(LONDON).date()
        if (shop.block != block or not start <= local_day <= end
                or shop.status not in (ShopStatus.SUBMITTED, ShopStatus.VERIFIED)
                or awaiting(shop.facts, now)):
            continue
        answers = applicable_answers(shop)
        for code, standard in counts.items():
            mine = {item: met for item, met in answers.items() if item[:2] == code}
            if not mine:
                continue
            standard["n"] += 1
            met = sum(mine.values())
            critical_failed = any(not met for item, met in mine.items() if item in CRITICAL)
            standard["passes"] += not critical_failed and Fraction(met, len(mine)) >= Fraction(4, 5)
            for item, was_met in mine.items():
                standard["items"][item][0] += 1
                standard["items"][item][1] += was_met
    return counts


def expected_block(shops, block: str, grouping: str, start: date, end: date,
                   now: datetime) -> dict:
    previous_end = start - timedelta(days=1)
    previous_start = previous_end - (end - start)
    current = tally(shops, block, start, end, now)
    before = tally(shops, block, previous_start, previous_end, now)
    standards = []
    for code, counts in current.items():
        n, passes = counts["n"], counts["passes"]
        low, high = wilson(passes, n) if n else (None, None)
        prev_n, prev_passes = before[code]["n"], before[code]["passes"]
        standards.append({
            "code": code, "versions": [1] if n else [], "n": n, "passes": passes,
            "pass_rate": half_up(Fraction(passes, n)) if n else None,
            "ci_low": half_up(low), "ci_high": half_up(high), "rating": rating(n, passes),
            "previous": {"n": prev_n, "passes": prev_passes,
                         "pass_rate": half_up(Fraction(prev_passes, prev_n)) if prev_n else None,
                         "rating": rating(prev_n, prev_passes)},
            "items": [{"code": item, "applicable": applicable, "met": met,
                       "met_rate": half_up(Fraction(met, applicable)) if applicable else None}
                      for item, (applicable, met) in counts["items"].items()],
        })
    sufficient = {s["rating"] for s in standards} - {"insufficient evidence"}
    worst = next((r for r in ("non-compliant", "partially compliant", "compliant")
                  if r in sufficient), "insufficient evidence")
    return {"service_block": block, "service_grouping": grouping, "overall_rating": worst,
            "standards": standards}


def random_shop(rng: random.Random, block: str, day: date) -> RawShop:
    # Some just after midnight, when the date in London and in UTC differ half the year.
    at = london(day, rng.choice([0, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 23]),
                rng.choice([0, 15, 30, 45]))
    status = rng.choices(list(ShopStatus), [1, 12, 4, 1])[0]
    if rng.random() < 0.25:
        facts = VisitFacts(occurred_at=at, acknowledged_minutes=Decimal(rng.choice([1, 2, 3])),
                           seen_minutes=rng.choice([None, Decimal(5), Decimal(11)]),
                           family_reception=rng.random() < 0.5)
        codes = ["RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9", "RC10"]
        answers = {c: Answer.MET if rng.random() < 0.85 else Answer.NOT_MET for c in codes}
        if not facts.family_reception:
            del answers["RC8"]
        return RawShop(block, facts, answers, status)
    outcome = rng.choice(list(Outcome))
    rings = None if outcome is Outcome.ENGAGED else rng.randint(1, 8)
    held = outcome is Outcome.PERSON and rng.random() < 0.3
    away = rng.choice(list(Away))
    left_at = callback_at = None
    withheld = machine = None
    if outcome is Outcome.VOICEMAIL and rng.random() < 0.8:
        left_at = at + timedelta(minutes=1)
        if rng.random() < 0.7:
            callback_at = left_at + timedelta(hours=rng.choice([1, 26, 80]))
            withheld, machine = rng.random() < 0.3, rng.random() < 0.3
    facts = CallFacts(occurred_at=at, outcome=outcome, rings=rings, held_or_transferred=held,
                      officer_away=away, message_left_at=left_at, callback_at=callback_at,
                      callback_never=left_at is not None and callback_at is None
                      and rng.random() < 0.5,
                      callback_withheld=withheld, callback_answering_machine=machine)
    codes = []
    if outcome is Outcome.PERSON:
        codes += ["TA3", "TA4", "TA5", "TA6"] + (["TA7"] if held else [])
    if outcome is Outcome.VOICEMAIL:
        codes += ["VM1", "VM2", "VM3", "VM4", "VM5", "VM7"]
        codes += ["VM6"] if away is Away.YES else []
        codes += ["VM10"] if machine else []
    answers = {c: Answer.MET if rng.random() < 0.88 else Answer.NOT_MET for c in codes}
    return RawShop(block, facts, answers, status)


# -- The shape --------------------------------------------------------------------------------

def test_every_active_block_with_every_standard_in_spec_shape(app, council, tmp_path):
    council.add(person_call("Planning", london(date(2026, 5, 5))))
    report, result = export(app, tmp_path, "--from", "2026-04-01", "--to", "2026-06-30")

    assert result.exit_code == 0, result.output
    assert set(report) == REPORT_KEYS
    assert report["period"] == {"from": "2026-04-01", "to": "2026-06-30"}
    assert [(b["service_grouping"], b["service_block"]) for b in report["blocks"]] == [
        ("Development & Neighbourhood Services", "Planning"),
        ("Development & Neighbourhood Services", "Waste & Recycling"),
        ("Resources", "Customer Services"),
        ("Resources", "Revenues & Benefits"),
    ]
    for block in report["blocks"]:
        assert set(block) == BLOCK_KEYS
        assert [s["code"] for s in block["standards"]] == ["TA", "VM", "RC"]
        for standard in block["standards"]:
            assert set(standard) == STANDARD_KEYS
            assert set(standard["previous"]) == PREVIOUS_KEYS
            assert [i["code"] for i in standard["items"]] == ITEM_CODES[standard["code"]]
            assert all(set(item) == ITEM_KEYS for item in standard["items"])
    assert figures(report, "Planning", "TA")["versions"] == [1]
    empty = figures(report, "Planning", "RC")
    assert empty == {
        "code": "RC", "versions": [], "n": 0, "passes": 0, "pass_rate": None, "ci_low": None,
        "ci_high": None, "rating": "insufficient evidence",
        "previous": {"n": 0, "passes": 0, "pass_rate": None,
                     "rating": "insufficient evidence"},
        "items": [{"code": code, "applicable": 0, "met": 0, "met_rate": None}
                  for code in ITEM_CODES["RC"]],
    }
    assert result.output.strip() == (
        f"Exported compliance for 4 service blocks, 2026-04-01 to 2026-06-30, to "
        f"{tmp_path / 'report.json'}")


def test_block_option_limits_the_report_to_the_blocks_named(app, council, tmp_path):
    report, result = export(app, tmp_path, "--from", "2026-04-01", "--to", "2026-06-30",
                            "--block", "Planning", "--block", "Customer Services",
                            "--block", "Planning")

    assert result.exit_code == 0, result.output
    assert [b["service_block"] for b in report["blocks"]] == ["Planning", "Customer Services"]
    assert "for 2 service blocks" in result.output


def test_json_is_utf8_and_can_go_to_standard_output(app, council):
    db.session.get(ServiceBlock, council.blocks["Planning"]).name = "Cynllunio – Planning"
    db.session.commit()
    result = app.test_cli_runner().invoke(args=[
        "shopper", "export", "--format", "json", "--from", "2026-04-01", "--to", "2026-04-30",
        "--block", "Cynllunio – Planning", "-o", "-"])

    assert result.exit_code == 0, result.output
    assert '"service_block": "Cynllunio – Planning"' in result.stdout
    assert json.loads(result.stdout)["period"] == {"from": "2026-04-01", "to": "2026-04-30"}
    assert result.stderr.strip() == ("Exported compliance for 1 service block, 2026-04-01 to "
                                     "2026-04-30, to standard output")


# -- The figures ------------------------------------------------------------------------------

def test_figures_match_a_calculation_from_the_raw_shops(app, council, tmp_path):
    rng = random.Random(20260401)
    shops = []
    for block in ["Planning", "Revenues & Benefits", "Customer Services"]:
        # Quarter 2 and the quarter before it, which the trend reads.
        for _ in range(rng.randint(40, 70)):
            day = date(2026, 1, 1) + timedelta(days=rng.randint(0, 180))
            shops.append(random_shop(rng, block, day))
    council.add(*shops)
    report, result = export(app, tmp_path, "--from", "2026-04-01", "--to", "2026-06-30")

    assert result.exit_code == 0, result.output
    now = datetime.now(UTC)
    expected = [expected_block(council.shops, block, grouping, date(2026, 4, 1),
                               date(2026, 6, 30), now)
                for grouping, block in sorted((g, b) for g, names in GROUPINGS.items()
                                              for b in names)]
    assert report["blocks"] == expected
    assert sum(s["n"] for b in report["blocks"] for s in b["standards"]) > 50


def test_period_is_chosen_by_the_date_in_london(app, council, tmp_path):
    # 23:30 UTC on 31 March is 00:30 on 1 April in British Summer Time.
    council.add(person_call("Planning", datetime(2026, 3, 31, 23, 30, tzinfo=UTC)),
                person_call("Planning", datetime(2026, 6, 30, 23, 30, tzinfo=UTC)),
                person_call("Planning", datetime(2026, 3, 31, 22, 59, tzinfo=UTC)))
    april, _ = export(app, tmp_path, "--from", "2026-04-01", "--to", "2026-06-30")
    march, _ = export(app, tmp_path, "--from", "2026-03-31", "--to", "2026-03-31")
    july, _ = export(app, tmp_path, "--from", "2026-07-01", "--to", "2026-07-01")

    assert figures(april, "Planning", "TA")["n"] == 1
    assert figures(april, "Planning", "TA")["previous"]["n"] == 1
    assert figures(march, "Planning", "TA")["n"] == 1
    assert figures(july, "Planning", "TA")["n"] == 1


def test_drafts_excluded_and_awaiting_shops_do_not_count(app, council, tmp_path):
    now = datetime.now(UTC)
    today = now.astimezone(LONDON).date()
    council.add(
        person_call("Planning", now - timedelta(days=3)),
        person_call("Planning", now - timedelta(days=3), status=ShopStatus.VERIFIED),
        person_call("Planning", now - timedelta(days=3), status=ShopStatus.DRAFT),
        person_call("Planning", now - timedelta(days=3), status=ShopStatus.EXCLUDED),
        # A message left a minute ago: its callback may still come.
        voicemail_call("Planning", now - timedelta(minutes=2), now - timedelta(minutes=1)),
        # Left ten days ago and never returned: the deadline has passed, so VM8 is not met.
        voicemail_call("Planning", now - timedelta(days=10), now - timedelta(days=10)),
        voicemail_call("Planning", now - timedelta(days=10), now - timedelta(days=10),
                       callback_at=now - timedelta(days=10) + timedelta(minutes=30)),
    )
    start = today - timedelta(days=30)
    report, result = export(app, tmp_path, "--from", start.isoformat(), "--to", today.isoformat())

    assert result.exit_code == 0, result.output
    ta, vm = figures(report, "Planning", "TA"), figures(report, "Planning", "VM")
    assert (ta["n"], vm["n"]) == (4, 2)
    vm8 = next(item for item in vm["items"] if item["code"] == "VM8")
    assert (vm8["applicable"], vm8["met"]) == (2, 1)
    # 6 of 7 items met passes (85.7%): the missed callback alone does not fail the shop.
    assert vm["passes"] == 2
    expected = expected_block(council.shops, "Planning", "Development & Neighbourhood Services",
                              start, today, datetime.now(UTC))
    assert figures(report, "Planning", "VM") == expected["standards"][1]


def test_wilson_interval_of_8_passes_in_10(app, council, tmp_path):
    day = date(2026, 5, 6)
    council.add(*[person_call("Planning", london(day), not_met=0 if i < 8 else 2)
                  for i in range(10)])
    report, _ = export(app, tmp_path, "--from", "2026-05-01", "--to", "2026-05-31")

    ta = figures(report, "Planning", "TA")
    assert (ta["n"], ta["passes"], ta["pass_rate"]) == (10, 8, 0.8)
    assert (ta["ci_low"], ta["ci_high"]) == (0.4902, 0.9433)
    assert ta["rating"] == "partially compliant"
    ta3 = ta["items"][2]
    assert ta3 == {"code": "TA3", "applicable": 10, "met": 8, "met_rate": 0.8}


@pytest.mark.parametrize(("passes", "n", "expected"), [
    (9, 10, "compliant"),
    (8, 10, "partially compliant"),
    (6, 10, "partially compliant"),
    (5, 10, "non-compliant"),
    (4, 4, "insufficient evidence"),
    (5, 5, "compliant"),
])
def test_ratings_at_the_thresholds(app, council, tmp_path, passes, n, expected):
    council.add(*[person_call("Planning", london(date(2026, 5, 6)), not_met=0 if i < passes else 2)
                  for i in range(n)])
    report, _ = export(app, tmp_path, "--from", "2026-05-01", "--to", "2026-05-31")

    assert figures(report, "Planning", "TA")["rating"] == expected


def test_overall_rating_is_the_worst_with_sufficient_evidence(app, council, tmp_path):
    day = london(date(2026, 5, 6))
    visits = [RawShop("Planning", VisitFacts(day, Decimal(1), Decimal(5), False),
                      dict.fromkeys(("RC3", "RC4", "RC5", "RC6", "RC7", "RC9", "RC10"), Answer.MET))
              for _ in range(10)]
    for visit in visits[6:]:
        visit.answers["RC6"] = Answer.NOT_MET
    voicemails = [voicemail_call("Planning", day, None) for _ in range(3)]
    for call in voicemails:
        call.answers["VM1"] = Answer.NOT_MET
    # TA 13 of 13: compliant. RC 6 of 10: partially compliant. VM 0 of 3: too few to rate.
    council.add(*[person_call("Planning", day) for _ in range(10)], *visits, *voicemails)
    report, _ = export(app, tmp_path, "--from", "2026-05-01", "--to", "2026-05-31")

    planning = next(b for b in report["blocks"] if b["service_block"] == "Planning")
    assert {s["code"]: (s["n"], s["passes"], s["rating"]) for s in planning["standards"]} == {
        "TA": (13, 13, "compliant"), "VM": (3, 0, "insufficient evidence"),
        "RC": (10, 6, "partially compliant")}
    assert planning["overall_rating"] == "partially compliant"
    services = next(b for b in report["blocks"] if b["service_block"] == "Customer Services")
    assert services["overall_rating"] == "insufficient evidence"


def test_previous_is_the_same_length_ending_the_day_before(app, council, tmp_path):
    # 1–30 June (30 days) compares with 2–31 May.
    council.add(person_call("Planning", london(date(2026, 5, 1))),
                person_call("Planning", london(date(2026, 5, 2))),
                person_call("Planning", london(date(2026, 5, 31)), not_met=2),
                person_call("Planning", london(date(2026, 6, 1))))
    report, _ = export(app, tmp_path, "--from", "2026-06-01", "--to", "2026-06-30")

    ta = figures(report, "Planning", "TA")
    assert (ta["n"], ta["previous"]) == (1, {"n": 2, "passes": 1, "pass_rate": 0.5,
                                             "rating": "insufficient evidence"})


def test_versions_lists_the_versions_counted(app, council, tmp_path):
    ta = db.session.scalar(db.select(Standard).filter_by(code="TA"))
    items = [Item(position=item.position, code=item.code, question=item.question,
                  weight=item.weight, critical=item.critical, condition=item.condition,
                  derived=item.derived) for item in ta.versions[0].items]
    db.session.add(StandardVersion(standard_id=ta.id, version=2, items=items,
                                   status=StandardStatus.PUBLISHED,
                                   published_at=london(date(2026, 5, 1), 0)))
    db.session.commit()
    council.add(person_call("Planning", london(date(2026, 4, 20))),
                person_call("Planning", london(date(2026, 5, 20))))
    both, _ = export(app, tmp_path, "--from", "2026-04-01", "--to", "2026-05-31")
    later, _ = export(app, tmp_path, "--from", "2026-05-01", "--to", "2026-05-31")

    assert figures(both, "Planning", "TA")["versions"] == [1, 2]
    assert figures(later, "Planning", "TA")["versions"] == [2]
    assert figures(later, "Planning", "VM")["versions"] == []


# -- Refusals ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (["--format", "json", "--to", "2026-06-30"],
     "Enter the start date as YYYY-MM-DD, like 2026-04-01 (--from)"),
    (["--format", "json", "--from", "2026-04-01"],
     "Enter the end date as YYYY-MM-DD, like 2026-04-01 (--to)"),
    (["--format", "json", "--from", "2026-02-30", "--to", "2026-03-31"],
     "Enter a real start date, like 2026-04-01: 2026-02-30 does not exist (--from)"),
    (["--format", "json", "--from", "yesterday", "--to", "2026-03-31"],
     "Enter the start date as YYYY-MM-DD, like 2026-04-01 (--from)"),
    (["--format", "json", "--from", "2026-04-01", "--to", "2026-03-31"],
     "The end date must be the same as or after the start date (--to)"),
    (["--format", "json", "--from", "2020-01-01", "--to", "2026-03-31"],
     "Choose a period of 5 years or less: the end date must be no later than 2024-12-31 (--to)"),
    (["--format", "json", "--from", "2026-04-01", "--to", "2026-06-30", "--block", "Plannign"],
     "There is no service block called 'Plannign': did you mean 'Planning'?"),
    (["--format", "docx", "--from", "2026-04-01", "--to", "2026-06-30"],
     "Choose the format with --format xlsx, csv, json or pdf, not 'docx'"),
    (["--from", "2026-04-01", "--to", "2026-06-30"],
     "Choose the format with --format xlsx, csv, json or pdf"),
    (["--format", "xlsx", "--from", "2026-04-01", "--to", "2026-06-30"],
     "XLSX export is not available yet; use --format json"),
    (["--format", "csv", "--from", "2026-04-01", "--to", "2026-06-30"],
     "CSV export is not available yet; use --format json"),
    (["--format", "pdf", "--from", "2026-04-01", "--to", "2026-06-30"],
     "PDF export is not available yet; use --format json"),
])
def test_bad_input_fails_in_one_line_and_writes_nothing(app, council, tmp_path, args, message):
    target = tmp_path / "report.out"
    result = app.test_cli_runner().invoke(args=["shopper", "export", *args, "-o", str(target)])

    assert result.exit_code != 0
    assert result.output.splitlines() == [f"Error: {message}"]
    assert list(tmp_path.iterdir()) == []


def test_export_needs_a_file_to_write(app, council):
    result = app.test_cli_runner().invoke(args=[
        "shopper", "export", "--format", "json", "--from", "2026-04-01", "--to", "2026-06-30"])

    assert result.exit_code != 0
    assert result.output.splitlines() == [
        "Error: Give the file to write with -o FILE, or -o - to write to standard output"]


def test_export_to_a_missing_folder_fails_cleanly(app, council, tmp_path):
    report, result = export(app, tmp_path / "missing", "--from", "2026-04-01",
                            "--to", "2026-06-30")

    assert result.exit_code != 0
    assert len(result.output.splitlines()) == 1
    assert result.output.startswith(f"Error: Cannot write {tmp_path / 'missing' / 'report.json'}")


def test_export_to_a_folder_fails_cleanly(app, council, tmp_path):
    result = app.test_cli_runner().invoke(args=[
        "shopper", "export", "--format", "json", "--from", "2026-04-01", "--to", "2026-06-30",
        "-o", str(tmp_path)])

    assert result.exit_code != 0
    assert result.output.splitlines() == [
        f"Error: {tmp_path} is a folder: give a file name to write, like {tmp_path}/report.json"]
    assert list(tmp_path.iterdir()) == []


# -- Tokens -----------------------------------------------------------------------------------

def test_create_token_prints_it_once_and_keeps_only_its_hash(app, make_user):
    make_user("assessor@example.org", Role.ASSESSOR)
    result = app.test_cli_runner().invoke(args=[
        "shopper", "create-token", "Assessor@Example.org", "--name", "Assessor's spreadsheet"])

    assert result.exit_code == 0, result.output
    prefix = "Token for assessor@example.org (keep it secret; it is shown once): "
    assert result.output.startswith(prefix)
    token = result.output.strip().removeprefix(prefix)
    assert len(token) >= 43
    [stored] = db.session.scalars(db.select(ApiToken)).all()
    assert stored.name == "Assessor's spreadsheet"
    assert stored.token_hash != token and token not in stored.token_hash
    events = db.session.scalars(db.select(AuditEvent).filter_by(entity="api_token")).all()
    assert [(e.action, e.after["user"]) for e in events] == [("created", "assessor@example.org")]
    assert token not in json.dumps(events[0].after)


@pytest.mark.parametrize(("role", "message"), [
    (Role.TEAM_LEAD, "lead@example.org is a team lead: only coordinators, assessors and "
                     "shoppers can have API tokens"),
])
def test_create_token_refuses_other_roles(app, council, make_user, role, message):
    blocks = ["Planning"] if role == Role.TEAM_LEAD else []
    make_user("lead@example.org", role, block_names=blocks)
    result = app.test_cli_runner().invoke(args=["shopper", "create-token", "lead@example.org"])

    assert result.exit_code != 0
    assert result.output.splitlines() == [f"Error: {message}"]
    assert db.session.scalars(db.select(ApiToken)).all() == []


def test_create_token_refuses_an_unknown_email(app):
    result = app.test_cli_runner().invoke(args=["shopper", "create-token", "who@example.org"])

    assert result.exit_code != 0
    assert result.output.splitlines() == [
        "Error: There is no user with the email who@example.org: check it, or create the user "
        "first with create-user"]


@pytest.mark.parametrize(("passes", "n", "expected"), [
    (1, 32, 0.0313),   # 0.03125 exactly
    (5, 32, 0.1563),   # 0.15625 exactly
    (3, 160, 0.0188),  # 0.01875 exactly
])
def test_exact_halves_are_rounded_up_in_the_export_and_the_api(app, council, tmp_path,
                                                                make_user, passes, n, expected):
    """Rates at an exact half of the fourth decimal go up, never to the even digit."""
    council.add(*[person_call("Planning", london(date(2026, 5, 6)), not_met=0 if i < passes else 2)
                  for i in range(n)])
    report, _ = export(app, tmp_path, "--from", "2026-05-01", "--to", "2026-05-31")
    make_user("lead@example.org", Role.COORDINATOR)
    token = create_token("lead@example.org", actor=TESTS).token
    answer = app.test_client().get("/api/v1/compliance?from=2026-05-01&to=2026-05-31",
                                   headers={"Authorization": f"Bearer {token}"})

    for figures_read in (figures(report, "Planning", "TA"),
                         figures(answer.get_json(), "Planning", "TA")):
        assert (figures_read["n"], figures_read["passes"]) == (n, passes)
        assert figures_read["pass_rate"] == expected
        assert figures_read["items"][2]["met_rate"] == expected  # TA3: met in the passes only
