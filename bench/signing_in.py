"""Sign a person in through the Flask test client, as the benchmarks that read pages need."""

import sys

from bs4 import BeautifulSoup


def signed_in_client(app, email: str, password: str):
    """A test client signed in as email, with the sign-in form's own CSRF token; exits when the
    sign-in is refused, since no figure after it would mean anything."""
    client = app.test_client()
    page = BeautifulSoup(client.get("/sign-in").get_data(as_text=True), "html.parser")
    token = page.select_one("input[name=csrf_token]")["value"]
    response = client.post("/sign-in", data={"email": email, "password": password,
                                             "csrf_token": token})
    if response.status_code != 302:
        sys.exit(f"{email} could not sign in")
    return client
