"""Meta-tests that keep the house honest: every route says who may use it, and means it."""

from shopper.views.access import PUBLIC, SIGNED_IN


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        yield rule, app.view_functions[rule.endpoint]


def test_every_route_declares_who_may_use_it(app):
    undeclared = [rule.rule for rule, view in _routes(app) if not hasattr(view, "access")]
    assert undeclared == []


def test_routes_for_signed_in_users_send_strangers_to_sign_in(client, app):
    for rule, view in _routes(app):
        if view.access == PUBLIC or rule.arguments:
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(rule.rule, method=method)
        if rule.rule.startswith("/api/"):
            assert response.status_code == 401, rule.rule  # scripts get an answer, not a page
            continue
        assert response.status_code == 302, rule.rule
        assert "/sign-in" in response.headers["Location"], rule.rule


def test_role_routes_refuse_other_roles(client, app, make_user, sign_in):
    from shopper.domain.states import Role

    make_user("assessor@example.org", Role.ASSESSOR)
    sign_in("assessor@example.org")
    for rule, view in _routes(app):
        if view.access in (PUBLIC, SIGNED_IN) or Role.ASSESSOR in view.access:
            continue
        if rule.arguments:
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        assert client.open(rule.rule, method=method).status_code == 403, rule.rule
