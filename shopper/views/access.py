"""Who may use a route: every view declares it, and the declaration is enforced here."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from shopper.domain.states import Role

PUBLIC = "public"
SIGNED_IN = "signed_in"


def requires_role(*roles: Role) -> Callable:
    """Let only signed-in users with one of these roles through; others get 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                from shopper.extensions import login_manager

                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        guarded.access = frozenset(roles)
        return guarded

    return decorate


def signed_in(view: Callable) -> Callable:
    """Any signed-in user, whatever their role."""
    guarded = requires_role(*Role)(view)
    guarded.access = SIGNED_IN
    return guarded


def public(view: Callable) -> Callable:
    """Anyone, signed in or not."""
    view.access = PUBLIC
    return view
