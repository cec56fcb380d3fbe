"""Text whose language is known keeps its language's direction, with runs of the other script isolated."""

import re

import pytest
from django.utils import translation

from newsroom.text import isolate_foreign_runs
from popularity.counter import record_view
from tests.factories import make_article, make_author
from website.direction import language_attributes
from website.search import highlight


@pytest.mark.parametrize(
    ("text", "language", "shown"),
    [
        ("FIFA تعلن موعد القرعة", "ar", "<bdi>FIFA</bdi> تعلن موعد القرعة"),
        ("فوز Real Madrid على «Barça» أمس", "ar", "فوز <bdi>Real Madrid</bdi> على «<bdi>Barça</bdi>» أمس"),
        # Digits written against the word go with it; those apart stay in the sentence.
        ("انتشار COVID-19 في 3 ولايات", "ar", "انتشار <bdi>COVID-19</bdi> في 3 ولايات"),
        ("أكد FIFA، للمرة الثانية", "ar", "أكد <bdi>FIFA</bdi>، للمرة الثانية"),
        ("Le ministre cite «الجزائر أولا» hier", "fr", "Le ministre cite «<bdi>الجزائر أولا</bdi>» hier"),
        ("The minister in Oran", "en", "The minister in Oran"),
        ("2030 عام الحسم", "ar", "2030 عام الحسم"),
        ("<script>alert(1)</script> خبر", "ar", "&lt;<bdi>script&gt;alert(1)&lt;/script</bdi>&gt; خبر"),
        ("", "ar", ""),
    ],
)
def test_runs_of_the_other_script_are_isolated_and_the_text_escaped(text, language, shown):
    assert isolate_foreign_runs(text, language) == shown


def test_text_in_the_page_s_language_gets_its_direction_and_other_text_its_language_too():
    with translation.override("fr"):
        assert language_attributes("fr") == 'dir="ltr"'
        assert language_attributes("ar") == 'lang="ar" dir="rtl"'
    with translation.override("ar"):
        assert language_attributes("ar") == 'dir="rtl"'
        assert language_attributes("en") == 'lang="en" dir="ltr"'


def test_a_highlighted_match_inside_an_isolated_run_keeps_the_run_whole():
    shown = highlight("فوز Real Madrid على الوداد", ["madrid"], "ar")
    assert shown == "فوز <bdi>Real <mark>Madrid</mark></bdi> على الوداد"
    assert highlight("فوز Real Madrid", ["فوز"], None) == "<mark>فوز</mark> Real Madrid"


@pytest.mark.django_db
class TestPages:
    def test_cards_ticker_and_boxes_give_arabic_headlines_their_direction(self, client):
        story = make_article("FIFA تعلن موعد القرعة", is_breaking=True, is_front_page=True)
        other = make_article("خبر آخر")
        record_view(story.pk, None)
        isolated = "<bdi>FIFA</bdi> تعلن موعد القرعة"
        home = client.get("/").content.decode()
        assert re.search(rf'<h3 class="card__headline[^"]*" dir="rtl"><a [^>]*>{isolated}</a>', home)
        assert f'dir="rtl">{isolated}</a>' in home[home.index('class="breaking"') :]
        page = client.get(other.get_absolute_url()).content.decode()
        for box in ('id="most-read"', 'id="front-page-picks"'):
            assert f'dir="rtl">{isolated}</a>' in page[page.index(box) :].split("</section>")[0], box

    def test_an_untranslated_headline_on_a_french_page_is_arabic_and_right_to_left(self, client):
        make_article("FIFA تعلن موعد القرعة", is_breaking=True)
        page = client.get("/fr/").content.decode()
        assert '<html lang="fr" dir="ltr">' in page
        assert re.search(r'<h3 class="card__headline" lang="ar" dir="rtl"><a [^>]*><bdi>FIFA</bdi> تعلن', page)
        assert 'lang="ar" dir="rtl"><bdi>FIFA</bdi> تعلن موعد القرعة</a>' in page

    def test_search_results_give_headlines_their_language_s_direction_and_the_query_stays_auto(self, client):
        make_article("FIFA تعلن موعد القرعة", body_ar="<p>قرعة كأس العالم.</p>")
        page = client.get("/search/?q=القرعة").content.decode()
        headline = r'<h2 class="search-result__headline" dir="rtl"><a [^>]*><bdi>FIFA</bdi> تعلن موعد <mark>'
        assert re.search(headline, page)
        assert re.search(r'<input id="search-page-q"[^>]* dir="auto"', page)

    def test_an_author_s_name_and_biography_keep_their_language_s_direction(self, client):
        author = make_author("Karim Benzema", bio_ar="لاعب سابق في Real Madrid")
        page = client.get(author.get_absolute_url()).content.decode()
        assert '<h1 class="section-title" dir="rtl"><bdi>Karim Benzema</bdi></h1>' in page
        assert '<p dir="rtl">لاعب سابق في <bdi>Real Madrid</bdi></p>' in page
