"""The stored form of each body construct: how it is built, what a body points to, how it is replaced."""

import pytest

from newsroom import bodyblocks
from newsroom.bodyblocks import (
    embed_block,
    has_blocks,
    photo_block,
    pull_quote_block,
    references,
    replace_blocks,
    story_block,
)
from newsroom.embeds import match, stored

YOUTUBE = match("https://youtu.be/dQw4w9WgXcQ")
X_POST = match("https://x.com/APS_Algerie/status/1790012345678901234")
MAP = match("https://maps.google.com/?q=Tlemcen+%26+Oran")


def test_a_library_photo_is_stored_by_its_id_with_this_storys_caption():
    stored = '<figure data-photo="42"><figcaption>الوزير خلال الزيارة</figcaption></figure>'
    assert photo_block(42, "الوزير خلال الزيارة") == stored
    assert photo_block("7") == '<figure data-photo="7"></figure>'


def test_an_embed_is_stored_as_provider_and_id_with_its_address_as_a_plain_link():
    assert embed_block(YOUTUBE, "تصريح الوزير") == (
        '<figure data-embed="youtube" data-embed-id="dQw4w9WgXcQ">'
        '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">https://www.youtube.com/watch?v=dQw4w9WgXcQ</a>'
        "<figcaption>تصريح الوزير</figcaption></figure>"
    )


def test_an_embed_id_holding_markup_characters_is_escaped_in_its_attribute():
    block = embed_block(MAP)
    assert 'data-embed-id="Tlemcen &amp; Oran"' in block
    assert references(block).embeds == [MAP]


def test_a_pull_quote_keeps_its_attribution_and_a_meaningful_direction_only():
    assert pull_quote_block("Nous irons jusqu'au bout", "Le ministre", "ltr") == (
        '<figure data-pullquote="" dir="ltr"><blockquote>Nous irons jusqu\'au bout</blockquote>'
        "<figcaption>Le ministre</figcaption></figure>"
    )
    without_direction = '<figure data-pullquote=""><blockquote>قول</blockquote></figure>'
    assert pull_quote_block("قول", direction="auto") == without_direction
    assert pull_quote_block("قول", direction='rtl" onclick="x') == (
        '<figure data-pullquote=""><blockquote>قول</blockquote></figure>'
    )


def test_a_pull_quote_without_words_is_nothing():
    assert pull_quote_block("   \n ", "الوزير") == ""


def test_a_story_card_is_stored_by_the_storys_id():
    assert story_block(7) == '<aside data-story="7"></aside>'


def test_captions_and_quotes_are_plain_text_on_one_line_within_their_limit():
    caption = photo_block(1, "<b>عريض</b> &   سطر\nثان" + "ع" * 1000)
    assert "<b>" not in caption and "&lt;b&gt;عريض&lt;/b&gt; &amp; سطر ثان" in caption
    text = caption.split("<figcaption>")[1].split("</figcaption>")[0]
    assert len(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")) == bodyblocks.MAX_CAPTION
    quote = pull_quote_block("ق" * 5000)
    assert quote.count("ق") == bodyblocks.MAX_QUOTE


def test_a_body_without_constructs_is_known_at_a_glance():
    assert not has_blocks("")
    assert not has_blocks(None)
    assert not has_blocks('<p data-x="1">نص</p>')
    assert has_blocks(story_block(3))


BODY = (
    "<p>مقدمة</p>"
    + photo_block(42, "تعليق")
    + embed_block(YOUTUBE)
    + story_block(7)
    + pull_quote_block("قول", "قائل", "rtl")
    + photo_block(5)
    + embed_block(X_POST, "منشور")
    + photo_block(42)
    + story_block(3)
    + embed_block(YOUTUBE)
    + "<p>خاتمة</p>"
)


def test_references_list_what_a_body_points_to_in_order_without_repeats():
    found = references(BODY)
    assert found.photo_ids == [42, 5]
    assert found.story_ids == [7, 3]
    assert found.embeds == [YOUTUBE, X_POST]


def test_a_body_without_constructs_points_to_nothing():
    found = references("<p>نص <a href='https://youtu.be/dQw4w9WgXcQ'>فيديو</a></p>")
    assert (found.photo_ids, found.story_ids, found.embeds) == ([], [], [])


def test_each_construct_is_replaced_by_what_its_function_draws_from_its_parts():
    drawn = replace_blocks(
        BODY,
        photo=lambda photo_id, caption: f"[photo {photo_id} {caption}]",
        embed=lambda embed, title: f"[{embed.provider.name} {embed.id} {title}]",
        story=lambda story_id: f"[story {story_id}]",
        pull_quote=lambda quote, attribution, direction: f"[quote {quote} {attribution} {direction}]",
    )
    assert drawn == (
        "<p>مقدمة</p>[photo 42 تعليق][youtube dQw4w9WgXcQ ][story 7][quote قول قائل rtl][photo 5 ]"
        "[x APS_Algerie/1790012345678901234 منشور][photo 42 ][story 3][youtube dQw4w9WgXcQ ]<p>خاتمة</p>"
    )


def test_constructs_without_a_function_stay_as_stored():
    drawn = replace_blocks(BODY, story=lambda story_id: "")
    assert "data-story" not in drawn
    assert drawn == BODY.replace(story_block(7), "").replace(story_block(3), "")


def test_a_replaced_embed_gets_its_id_unescaped():
    seen = []
    replace_blocks(embed_block(MAP, "خريطة"), embed=lambda embed, title: seen.append((embed, title)) or "")
    assert seen == [(stored("googlemaps", "Tlemcen & Oran"), "خريطة")]


def test_a_replaced_caption_is_still_escaped_text():
    drawn = replace_blocks(photo_block(1, "<i>x</i> & y"), photo=lambda photo_id, caption: caption)
    assert drawn == "&lt;i&gt;x&lt;/i&gt; &amp; y"


@pytest.mark.parametrize(
    "not_stored_form",
    [
        '<figure data-photo="4" class="x"></figure>',
        '<figure data-photo="4"><figcaption><b>x</b></figcaption></figure>',
        '<figure data-embed="youtube" data-embed-id="dQw4w9WgXcQ"></figure>',
        '<aside data-story="x"></aside>',
    ],
)
def test_only_the_exact_stored_forms_are_replaced(not_stored_form):
    # Every stored body went through the sanitiser, which writes these forms exactly; any
    # other spelling is not a construct and is left alone.
    def replaced(*parts):
        return "replaced"

    drawn = replace_blocks(not_stored_form, photo=replaced, embed=replaced, story=replaced, pull_quote=replaced)
    assert drawn == not_stored_form
