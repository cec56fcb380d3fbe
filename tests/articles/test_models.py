from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db

PAST = timedelta(hours=-1)
FUTURE = timedelta(hours=1)


@pytest.mark.parametrize(
    ("status", "offset", "public"),
    [
        (Status.PUBLISHED, PAST, True),
        (Status.PUBLISHED, FUTURE, False),
        (Status.SCHEDULED, PAST, True),
        (Status.SCHEDULED, FUTURE, False),
        (Status.DRAFT, PAST, False),
        (Status.REVIEW, PAST, False),
        (Status.UNPUBLISHED, PAST, False),
    ],
)
def test_published_is_status_and_time(status, offset, public):
    article = make_article(status=status, published_at=timezone.now() + offset)
    assert (article in Article.objects.published()) is public
    assert article.is_public is public


def test_a_scheduled_story_goes_public_when_its_time_passes():
    article = make_article(status=Status.SCHEDULED, published_at=timezone.now() + timedelta(minutes=30))
    assert article not in Article.objects.published()
    assert article in Article.objects.published(now=timezone.now() + timedelta(minutes=31))


def test_a_story_with_no_publish_time_is_not_public():
    article = make_article(status=Status.SCHEDULED, published_at=None)
    assert article not in Article.objects.published()
    assert not article.is_public


def test_publishing_without_a_time_stamps_now():
    before = timezone.now()
    article = make_article(status=Status.PUBLISHED, published_at=None)
    assert before <= article.published_at <= timezone.now()


def test_arabic_headline_gives_a_readable_arabic_slug():
    article = make_article(headline="الفريق الوطني يتأهل إلى نهائي كأس إفريقيا 2026")
    assert article.slug == "الفريق-الوطني-يتأهل-إلى-نهائي-كأس-إفريقيا-2026"


def test_slug_stays_when_the_headline_is_corrected():
    article = make_article(headline="عنوان أول")
    article.headline_ar = "عنوان مصحح"
    article.save()
    article.refresh_from_db()
    assert article.slug == "عنوان-أول"


def test_body_is_sanitised_on_save_in_every_language():
    article = make_article(
        body_ar='<p onclick="x()">نص<script>alert(1)</script></p>',
        body_fr='<p>texte<img src=x onerror=alert(1)></p>',
    )
    article.refresh_from_db()
    assert article.body_ar == "<p>نص</p>"
    assert article.body_fr == "<p>texte</p>"


def test_untranslated_fields_fall_back_to_arabic():
    from django.utils import translation

    article = make_article(headline="خبر بالعربية", headline_fr="Une nouvelle", lead_ar="مقدمة بالعربية")
    article = Article.objects.get(pk=article.pk)
    with translation.override("fr"):
        assert article.headline == "Une nouvelle"
        assert article.lead == "مقدمة بالعربية"
    with translation.override("en"):
        assert article.headline == "خبر بالعربية"


def test_front_page_follows_the_editors_order():
    second = make_article(headline="ثاني", is_front_page=True, front_page_position=2)
    first = make_article(headline="أول", is_front_page=True, front_page_position=1)
    make_article(headline="خارج الواجهة")
    make_article(headline="مسودة", status=Status.DRAFT, is_front_page=True, front_page_position=0)
    assert list(Article.objects.front_page()) == [first, second]


def test_byline_falls_back_to_the_authors_names():
    from tests.factories import make_author

    article = make_article(authors=[make_author("أمين"), make_author("ليلى")])
    assert set(article.byline_text.split("، ")) == {"أمين", "ليلى"}
    article.byline = "وكالة الأنباء"
    assert article.byline_text == "وكالة الأنباء"
