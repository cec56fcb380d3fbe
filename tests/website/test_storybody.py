"""What readers get of the photos, embeds, story cards and pull quotes inside a story's body."""

import re

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.csp import CSP

from articles.models import Status
from newsroom import embeds
from newsroom.bodyblocks import embed_block, photo_block, pull_quote_block, story_block
from photos.models import Photo
from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db

YOUTUBE = embeds.match("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
X_POST = embeds.match("https://x.com/Presidency_DZ/status/1790000000000000000")
MAP = embeds.match("https://www.google.com/maps/place/Alger")


@pytest.fixture(autouse=True)
def pages_rendered_every_time(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE_SECONDS": 0}


def body_of(page):
    after = r'\s*(?:<nav class="tags"|<section class="related"|</article>)'
    return re.search(r'<div class="story__body"[^>]*>(.*?)</div>' + after, page, re.S)[1]


def story_page(client, story, prefix=""):
    response = client.get(prefix + story.get_absolute_url(), follow=True)
    assert response.status_code == 200
    return response


def body_shown(client, story, prefix=""):
    return body_of(story_page(client, story, prefix).content.decode())


def policy(response):
    return dict(
        (directive.split(" ", 1) + [""])[:2] for directive in response[str(CSP.HEADER_ENFORCE)].split("; ")
    )


class TestLibraryPhotos:
    def test_a_library_photo_is_a_figure_with_srcset_caption_credit_and_description(self, client):
        photo = make_photo(caption_ar="الوزير يدشن المحطة", credit="تصوير: وكالة الأنباء", alt_text_ar="رجل يقص شريطا")
        story = make_article(body_ar=f"<p>قبل الصورة.</p>{photo_block(photo.pk)}<p>بعدها.</p>")
        body = body_shown(client, story)
        figure = re.search(r'<figure class="story-photo">.*?</figure>', body, re.S)[0]
        image = r'<img src="/media/[^"]+" srcset="[^"]+ 480w, [^"]+ 800w[^"]*" sizes="[^"]+" width="\d+" height="\d+"'
        assert re.search(image, figure)
        assert 'loading="lazy"' in figure and 'alt="رجل يقص شريطا"' in figure
        credit = '<span class="credit">(تصوير: وكالة الأنباء)</span>'
        assert f'<figcaption dir="rtl">الوزير يدشن المحطة {credit}</figcaption>' in figure
        assert body.index("قبل الصورة") < body.index("story-photo") < body.index("بعدها")

    def test_the_story_s_own_caption_replaces_the_photo_s(self, client):
        photo = make_photo(caption_ar="تعليق المكتبة")
        story = make_article(body_ar=photo_block(photo.pk, "تعليق خاص بهذا الخبر عن FIFA"))
        body = body_shown(client, story)
        assert "تعليق خاص بهذا الخبر عن <bdi>FIFA</bdi>" in body
        assert "تعليق المكتبة" not in body

    def test_a_deleted_library_photo_leaves_the_story_page_whole(self, client):
        kept, deleted = make_photo("باقية"), make_photo("محذوفة")
        story = make_article(body_ar=f"<p>أول.</p>{photo_block(deleted.pk)}{photo_block(kept.pk)}<p>آخر.</p>")
        deleted.delete()
        body = body_shown(client, story)
        assert body.count("<figure") == 1 and "<p>أول.</p>" in body and "<p>آخر.</p>" in body
        assert "data-photo" not in body

    def test_a_photo_whose_renditions_cannot_be_cut_is_left_out(self, client):
        photo = make_photo()
        story = make_article(body_ar=f"<p>نص.</p>{photo_block(photo.pk)}")
        default_storage.delete(photo.file.name)
        Photo.objects.filter(pk=photo.pk).update(renditions={})
        body = body_shown(client, story)
        assert "<figure" not in body and "<p>نص.</p>" in body

    def test_captions_holding_markup_stay_text(self, client):
        photo = make_photo(caption_ar='<script>alert("photo")</script>', credit="<b>وكالة</b>")
        story = make_article(
            body_ar=photo_block(photo.pk) + photo_block(make_photo().pk, '<img src=x onerror="alert(1)">')
        )
        body = body_shown(client, story)
        assert "<script" not in body and "<img src=x" not in body and "<b>" not in body
        # The Latin runs are isolated from the Arabic around them; the text is as written.
        text = body.replace("<bdi>", "").replace("</bdi>", "")
        assert "&lt;script&gt;alert(&quot;photo&quot;)&lt;/script&gt;" in text
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in text
        assert "(&lt;b&gt;وكالة&lt;/b&gt;)" in text


class TestEmbeds:
    def test_an_embed_is_a_link_to_the_video_until_the_reader_asks_for_it(self, client):
        story = make_article(body_ar=embed_block(YOUTUBE, "كلمة الرئيس"))
        response = story_page(client, story)
        page = response.content.decode()
        box = re.search(r'<figure class="embed embed--video"[^>]*>.*?</figure>', page, re.S)[0]
        assert 'data-embed="youtube"' in box
        assert 'data-frame-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in box
        assert '<a class="embed__control" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">' in box
        assert "كلمة الرئيس" in box and "YouTube" in box
        # Nothing from the provider in the page itself: no frame, no script, no thumbnail.
        assert "<iframe" not in page
        assert not re.search(r'\s(?:src|srcset)="(?:https?:)?//', page)
        scripts = re.findall(r'<script src="([^"]+)"', page)
        assert any("/js/embeds" in src for src in scripts) and all(src.startswith("/static/") for src in scripts)

    def test_an_embed_without_a_title_is_named_after_its_kind_and_provider(self, client, settings):
        story = make_article(body_ar=embed_block(X_POST) + embed_block(MAP))
        body = body_shown(client, story, "/en")
        assert ">Post on X</span>" in body and ">Map on Google Maps</span>" in body
        assert 'class="embed embed--post"' in body and 'class="embed embed--map"' in body

    def test_a_page_without_embeds_loads_no_embed_script(self, client):
        story = make_article(body_ar="<p>نص بلا فيديو.</p>")
        assert "embeds" not in story_page(client, story).content.decode()

    def test_an_embed_title_holding_markup_stays_text(self, client):
        story = make_article(body_ar=embed_block(YOUTUBE, '"><script>alert(1)</script>'))
        page = story_page(client, story).content.decode()
        assert "<script>alert" not in page
        assert 'data-frame-title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page


class TestStoryCards:
    def test_a_card_links_to_a_public_story(self, client):
        other = make_article("الحكومة تعلن عن خطة النقل", photo=make_photo())
        story = make_article(body_ar=f"<p>نص.</p>{story_block(other.pk)}")
        body = body_shown(client, story)
        card = re.search(r'<aside class="story-card">.*?</aside>', body, re.S)[0]
        assert f'href="{other.get_absolute_url()}"' in card and "الحكومة تعلن عن خطة النقل" in card
        assert 'alt=""' in card

    @pytest.mark.parametrize("status", [Status.DRAFT, Status.UNPUBLISHED, Status.SCHEDULED])
    def test_a_card_for_a_story_that_is_not_public_shows_nothing(self, client, status):
        hidden = make_article("خبر لم ينشر بعد", status=status)
        story = make_article(body_ar=f"<p>نص.</p>{story_block(hidden.pk)}")
        page = story_page(client, story).content.decode()
        assert "story-card" not in page and "خبر لم ينشر بعد" not in page

    def test_a_card_for_a_deleted_story_shows_nothing(self, client):
        gone = make_article("خبر محذوف")
        story = make_article(body_ar=f"<p>نص.</p>{story_block(gone.pk)}")
        gone.delete()
        assert "story-card" not in body_shown(client, story)


class TestPullQuotes:
    def test_a_pull_quote_keeps_its_attribution_and_its_direction(self, client):
        story = make_article(
            body_ar=pull_quote_block("Nous serons au rendez-vous", "Le sélectionneur", "ltr")
            + pull_quote_block("سنكون في الموعد", "المدرب")
        )
        body = body_shown(client, story)
        assert (
            '<figure class="pull-quote" dir="ltr"><blockquote>Nous serons au rendez-vous</blockquote>'
            "<figcaption>Le sélectionneur</figcaption></figure>"
        ) in body
        assert (
            '<figure class="pull-quote"><blockquote>سنكون في الموعد</blockquote><figcaption>المدرب</figcaption>'
        ) in body


class TestDirection:
    def test_body_paragraphs_take_the_direction_of_the_story_s_language(self, client):
        story = make_article(body_ar="<p>FIFA تعلن عن الموعد.</p>", body_fr="<p>La FIFA annonce la date.</p>",
                             headline_fr="La FIFA annonce")
        arabic = story_page(client, story).content.decode()
        french = story_page(client, story, "/fr").content.decode()
        assert '<div class="story__body" dir="rtl"><p>FIFA تعلن' in arabic
        assert '<div class="story__body" dir="ltr"><p>La FIFA' in french

    def test_an_untranslated_body_on_a_french_page_is_marked_arabic(self, client):
        story = make_article(body_ar="<p>FIFA تعلن عن الموعد.</p>", headline_fr="La FIFA annonce")
        page = story_page(client, story, "/fr").content.decode()
        assert '<div class="story__body" lang="ar" dir="rtl"><p>FIFA' in page
        assert '<html lang="fr" dir="ltr">' in page

    def test_an_arabic_headline_opening_on_a_latin_word_stays_right_to_left(self, client):
        story = make_article("FIFA تعلن موعد كأس العالم 2030", deck_ar="Real Madrid يفوز", lead_ar="UEFA توافق")
        page = story_page(client, story).content.decode()
        assert '<h1 class="story__headline" dir="rtl"><bdi>FIFA</bdi> تعلن موعد كأس العالم 2030</h1>' in page
        assert '<p class="story__deck" dir="rtl"><bdi>Real Madrid</bdi> يفوز</p>' in page
        assert '<p class="story__lead" dir="rtl"><bdi>UEFA</bdi> توافق</p>' in page

    def test_the_text_of_stories_no_longer_follows_its_first_letter(self, client):
        story = make_article("FIFA تعلن", is_breaking=True, is_front_page=True)
        for path in ("/", story.get_absolute_url(), "/search/?q=تعلن", "/fr/"):
            page = client.get(path).content.decode()
            # Only what readers type keeps dir="auto": the search boxes.
            assert re.findall(r'<(\w+)[^>]* dir="auto"', page) == ["input"] * page.count('type="search"'), path


class TestContentPolicy:
    def test_a_story_with_embeds_may_frame_its_providers_and_no_one_else(self, client):
        story = make_article(body_ar=embed_block(YOUTUBE) + embed_block(X_POST) + embed_block(YOUTUBE))
        shown = policy(story_page(client, story))
        assert shown["frame-src"] == "https://platform.twitter.com https://www.youtube-nocookie.com"
        expected = policy_of_the_site()
        assert {name: value for name, value in shown.items() if name != "frame-src"} == expected

    def test_a_story_without_embeds_keeps_the_site_s_policy(self, client):
        story = make_article(body_ar=photo_block(make_photo().pk))
        shown = policy(story_page(client, story))
        assert "frame-src" not in shown and shown == policy_of_the_site()

    def test_a_story_page_from_the_cache_keeps_its_frame_policy(self, client, settings, django_assert_num_queries):
        settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE_SECONDS": 300}
        story = make_article(body_ar=embed_block(YOUTUBE))
        story_page(client, story)
        with django_assert_num_queries(0):
            cached = story_page(client, story)
        assert policy(cached)["frame-src"] == "https://www.youtube-nocookie.com"
        assert 'data-embed="youtube"' in cached.content.decode()


def policy_of_the_site():
    return dict((name, " ".join(values)) for name, values in settings.SECURE_CSP.items())
