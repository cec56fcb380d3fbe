import pytest

from newsroom.sanitiser import sanitise_html


@pytest.mark.parametrize(
    "hostile",
    [
        '<script>alert(1)</script>',
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
        '<svg onload="alert(1)"></svg>',
        '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
        '<iframe src="https://example.org"></iframe>',
        '<math><mtext><script>alert(1)</script></mtext></math>',
    ],
)
def test_hostile_markup_is_removed(hostile):
    cleaned = sanitise_html(hostile)
    for marker in ("script", "onerror", "onload", "onclick", "javascript:", "data:", "<svg", "<iframe", "style=", "<math"):
        assert marker not in cleaned


def test_editorial_markup_survives():
    html = (
        '<h2>عنوان فرعي</h2><p dir="ltr">Hello <strong>gras</strong> <em>مائل</em></p>'
        '<blockquote><p>اقتباس</p></blockquote><ul><li>بند</li></ul>'
        '<p><a href="https://example.org/x">رابط</a></p>'
    )
    cleaned = sanitise_html(html)
    for kept in ("<h2>", '<p dir="ltr">', "<strong>", "<em>", "<blockquote>", "<li>", 'href="https://example.org/x"'):
        assert kept in cleaned


def test_links_get_a_safe_rel():
    assert 'rel="noopener noreferrer"' in sanitise_html('<a href="https://example.org">x</a>')


def test_only_meaningful_direction_values_are_kept():
    assert "dir" not in sanitise_html('<p dir="evil">x</p>')


@pytest.mark.parametrize("empty", [None, "", "<p></p>", "<p><br></p>", "  <p> </p> "])
def test_an_empty_editor_document_is_empty(empty):
    assert sanitise_html(empty) == ""
