"""URL converters: an id in an address is never larger than the database can hold."""

from werkzeug.routing import IntegerConverter

# Ids are the databases' INTEGER columns: 32-bit signed on PostgreSQL.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` whose values above MAX_ID match no route, so they are a 404 page."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def register_converters(app) -> None:
    """Every `<int:…>` in the URL map becomes a bounded id."""
    app.url_map.converters["int"] = IdConverter
