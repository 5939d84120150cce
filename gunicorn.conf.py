"""Gunicorn's settings for Shopper, read from the folder gunicorn starts in.

It refuses to start several workers in production when sign-in throttling counts are kept in
each worker's memory, where they would multiply the attempts allowed.
"""

import os


def on_starting(server) -> None:
    """Stop before any worker starts if the throttling counts could not be shared."""
    from shopper.config import throttle_storage_problem

    problem = throttle_storage_problem(os.environ.get("SHOPPER_ENV", "development"),
                                       os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
                                       server.cfg.workers)
    if problem:
        server.log.error("Shopper will not start: %s", problem)
        raise SystemExit(1)
