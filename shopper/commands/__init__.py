"""The `flask --app shopper shopper …` commands: thin over the services, one summary line each.

One module per area registers its commands on the one group: people and tokens, imports and
the demo data, exports.
"""

from shopper.commands import data, exports, people  # noqa: F401  (they register the commands)
from shopper.commands.group import cli

__all__ = ["cli"]
