"""What a body points to, fetched at once, and the body in plain HTML for feeds and the API."""

import pytest

from articles.body import photo_ids, plain_body, referenced, without_blocks
from articles.models import Status
from newsroom import embeds
from newsroom.bodyblocks import embed_block, photo_block, pull_quote_block, story_block
from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db

VIDEO = embeds.match("https://vimeo.com/76979871")


def absolute(path):
    return f"https://news.example{path}"


def test_bodies_without_photos_or_cards_cost_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        found = referenced(["<p>نص.</p>", embed_block(VIDEO), pull_quote_block("قول"), "", None])
    assert found.photos == {} and found.stories == {}


def test_every_photo_and_card_of_many_bodies_costs_one_query_each(django_assert_num_queries):
    photos = [make_photo(size=(320, 200)) for _ in range(3)]
    stories = [make_article(f"خبر {number}") for number in range(3)]
    hidden = make_article("مسودة", status=Status.DRAFT)
    bodies = [
        photo_block(photos[0].pk) + story_block(stories[0].pk),
        photo_block(photos[1].pk) + photo_block(photos[2].pk) + story_block(stories[1].pk) + story_block(hidden.pk),
        story_block(stories[2].pk) + photo_block(photos[0].pk),
    ]
    with django_assert_num_queries(2):
        found = referenced(bodies)
    assert set(found.photos) == {photo.pk for photo in photos}
    assert set(found.stories) == {story.pk for story in stories}


def test_the_photos_of_a_story_are_those_of_every_language_in_order_without_repeats():
    first, second, third = (make_photo(size=(320, 200)) for _ in range(3))
    story = make_article(
        body_ar=photo_block(second.pk) + photo_block(first.pk),
        body_fr=photo_block(first.pk) + photo_block(third.pk),
    )
    assert photo_ids(story) == [second.pk, first.pk, third.pk]


def test_the_plain_body_has_no_frame_no_script_and_no_hidden_story():
    photo = make_photo(caption_ar="<b>تعليق</b>", alt_text_ar='وصف "دقيق"', credit="")
    hidden = make_article("خبر مسحوب", status=Status.UNPUBLISHED)
    html = (
        f"<p>نص.</p>{photo_block(photo.pk)}{embed_block(VIDEO, '<i>عنوان</i>')}{story_block(hidden.pk)}"
        f"{photo_block(999999)}{pull_quote_block('قول', '')}"
    )
    plain = plain_body(html, referenced([html]), absolute)
    image = photo.file_for("article", max_width=1200)
    assert plain == (
        f'<p>نص.</p><figure><img src="https://news.example{image["url"]}" width="{image["width"]}" '
        f'height="{image["height"]}" alt="وصف &quot;دقيق&quot;">'
        "<figcaption>&lt;b&gt;تعليق&lt;/b&gt;</figcaption></figure>"
        '<p><a href="https://vimeo.com/76979871">&lt;i&gt;عنوان&lt;/i&gt;</a></p>'
        "<blockquote><p>قول</p></blockquote>"
    )


def test_a_summary_reads_the_story_s_own_text_only():
    blocks = embed_block(VIDEO) + photo_block(1, "تعليق") + story_block(2) + pull_quote_block("قول")
    html = f"<p>أول.</p>{blocks}<p>آخر.</p>"
    assert without_blocks(html) == "<p>أول.</p><p>آخر.</p>"
