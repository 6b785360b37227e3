"""The dispatcher's query parsing skips urllib's parse_qsl when there is nothing to unquote:
it must give exactly what parse_qsl gives, for any query string."""

from __future__ import annotations

from urllib.parse import parse_qsl

from hypothesis import given, settings
from hypothesis import strategies as st

from comms_emulator.http.dispatch import _query


@settings(max_examples=500)
@given(st.text(alphabet="ab=&%+;20 \n\x00\u00e9", max_size=24))
def test_the_fast_path_agrees_with_parse_qsl(text: str) -> None:
    raw = text.encode("latin-1")
    assert _query(raw) == parse_qsl(raw.decode("latin-1"), keep_blank_values=True)


def test_common_queries() -> None:
    assert _query(b"") == []
    assert _query(b"pageSize=50&pageToken=abc") == [("pageSize", "50"), ("pageToken", "abc")]
    assert _query(b"a&&b=") == [("a", ""), ("b", "")]
    assert _query(b"name=a%20b+c") == [("name", "a b c")]
