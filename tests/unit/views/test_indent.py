"""Shopper's `indent` filter gives exactly what Jinja's own gives, for plain text and markup."""

from hypothesis import given
from hypothesis import strategies as st
from jinja2.filters import do_indent
from markupsafe import Markup

from shopper.views.templating import indent

TEXT = st.text(alphabet=st.sampled_from(" \n\r\t<>&\"'ab\x0b\x0c\x1c\u2028\u0085"), max_size=40)
WIDTH = st.one_of(st.integers(min_value=0, max_value=8), TEXT)


@given(TEXT, WIDTH, st.booleans(), st.booleans(), st.booleans())
def test_indent_is_jinjas_indent(text, width, first, blank, safe):
    given_text = Markup(text) if safe else text
    expected = do_indent(given_text, width, first, blank)
    got = indent(given_text, width, first, blank)
    assert got == expected
    assert type(got) is type(expected)

