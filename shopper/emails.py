"""Emails Shopper sends: the one-time links to set a password, written from templates."""

import smtplib
import sys

from flask import current_app, render_template, url_for
from flask_mailman import EmailMessage
from flask_mailman.backends.console import EmailBackend

from shopper.domain.people import LinkPurpose
from shopper.services.admin.links import IssuedLink
from shopper.services.settings import current_settings

_SUBJECTS = {
    LinkPurpose.INVITATION: "You are invited to Shopper for {council}",
    LinkPurpose.RESET: "Reset your Shopper password for {council}",
}


class MailNotSent(Exception):
    """The email could not be handed to the mail server; nothing was sent. The log says why."""


class LogEmailBackend(EmailBackend):
    """Development: each email is printed to the server's log (standard error), not sent."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("stream", sys.stderr)
        super().__init__(*args, **kwargs)


def link_url(token: str) -> str:
    """The link's full address, from SHOPPER_BASE_URL, never from the request's Host header."""
    base = (current_app.config.get("SHOPPER_BASE_URL") or "").rstrip("/")
    if not base:
        current_app.logger.error("Set SHOPPER_BASE_URL to Shopper's address, like "
                                 "https://shopper.council.gov.uk, to send links by email")
        raise MailNotSent()
    with current_app.test_request_context(base_url=base):
        return url_for("passwords.set_password", token=token, _external=True)


def send_link(link: IssuedLink) -> None:
    """Email the link to its person; MailNotSent if the mail server would not take it."""
    council = current_settings().council_name
    url = link_url(link.token)
    context = {"link": link, "url": url, "council_name": council}
    message = EmailMessage(
        subject=_SUBJECTS[link.purpose].format(council=council),
        body=render_template(f"passwords/email_{link.purpose.value}.txt", **context),
        to=[link.email])
    try:
        message.send()
    except (OSError, ValueError, smtplib.SMTPException) as error:
        current_app.logger.error("Could not send the %s email to %s: %s", link.purpose.value,
                                 link.email, error)
        raise MailNotSent() from error
