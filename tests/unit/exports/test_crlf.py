"""Rows ended by LF (as PostgreSQL's COPY writes CSV) turned into the CSV's CRLF rows, however
the bytes arrive: a row at a time, several at once, or cut anywhere, quotes and all."""

import csv
import io
import random

import pytest

from shopper.exports.shops_csv import crlf_chunks

ROWS = [["1", "plain", ""], ["2", 'say "hi", then\nleave', "x"], ["3", "\r\n", '"'],
        ["4", "", "a\n\nb"], ["5", "café ✓", "end"]]


def written(terminator: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=terminator).writerows(ROWS)
    return buffer.getvalue().encode("utf-8")


@pytest.mark.parametrize("seed", range(20))
def test_each_row_ends_in_crlf_and_line_ends_inside_quotes_stay(seed):
    data, rng = written("\n"), random.Random(seed)
    cuts = sorted(rng.sample(range(1, len(data)), rng.randint(0, 12)))
    blocks = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
    told = []

    assert b"".join(crlf_chunks(map(memoryview, blocks), told.append)) == written("\r\n")
    assert told[-1] == len(ROWS)


def test_a_row_a_block_as_copy_sends_them():
    blocks = []
    for row in ROWS:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(row)
        blocks.append(buffer.getvalue().encode("utf-8"))

    assert b"".join(crlf_chunks(blocks)) == written("\r\n")
