"""The one sanitiser of rich text and its `|rich` filter (P&R para 32)."""

from __future__ import annotations

from django.template import engines

from revmech.web import richtext


def test_formatting_is_kept_and_anything_active_removed() -> None:
    dirty = (
        '<p onclick="x()">A <strong>b</strong> <a href="javascript:alert(1)">c</a></p>'
        '<script>alert(1)</script><style>p{}</style><iframe src="https://e.example"></iframe>'
        '<a href="https://example.org/">d</a>'
    )
    clean = richtext.sanitize(dirty)
    assert "<strong>b</strong>" in clean
    assert 'href="https://example.org/"' in clean
    for gone in ("onclick", "javascript:", "<script", "<style", "<iframe"):
        assert gone not in clean


def test_sanitising_twice_changes_nothing() -> None:
    once = richtext.sanitize("<p>A &amp; B<br>C</p><ul><li>x</li></ul><table><tr><td>1</td></tr>")
    assert richtext.sanitize(once) == once


def test_the_rich_filter_is_there_in_every_template_and_sanitises() -> None:
    template = engines["django"].from_string("<div>{{ text|rich }}</div>")
    html = template.render({"text": "<p>ok</p><img src=x onerror=alert(1)>"})
    assert html == "<div><p>ok</p></div>"


def test_plain_text_is_escaped_not_interpreted() -> None:
    template = engines["django"].from_string("<div>{{ text }}</div>")
    assert template.render({"text": "<b>x</b>"}) == "<div>&lt;b&gt;x&lt;/b&gt;</div>"
