"""The accessibility statement: the parts a UK public sector body publishes, open to anyone."""

from tests.conftest import parse

MODEL_HEADINGS = [
    "How accessible this website is", "Feedback and contact information",
    "Reporting accessibility problems with this website", "Enforcement procedure",
    "Technical information about this website's accessibility", "Compliance status",
    "Non-accessible content", "Preparation of this accessibility statement",
]


def test_anyone_signed_out_can_read_the_statement(app, client):
    response = client.get("/accessibility")
    assert response.status_code == 200
    page = parse(response)
    assert page.h1.text == "Accessibility statement for Shopper"
    headings = [h.text.strip() for h in page.select("main h2, main h3")]
    assert all(heading in headings for heading in MODEL_HEADINGS)
    text = " ".join(page.select_one("main").text.split())
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Commission for Northern Ireland (ECNI)" in text
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2" in text
    assert "This statement was prepared on " in text


def test_every_footer_links_to_the_statement(app, client, make_user, sign_in):
    make_user("shopper@example.org", role="shopper")
    for url in ("/sign-in", "/results", "/no-such-page"):
        page = parse(client.get(url))
        link = page.select_one('.govuk-footer a[href="/accessibility"]')
        assert link.text == "Accessibility statement"
    sign_in("shopper@example.org")
    page = parse(client.get("/"))
    assert page.select_one('.govuk-footer a[href="/accessibility"]') is not None
