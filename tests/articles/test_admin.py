import re

import pytest
from django.urls import reverse

from articles.models import Article, Status
from tests.factories import make_article, make_author, make_photo, make_section

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
CHANGELIST_URL = reverse("admin:articles_article_changelist")


def story_form(**overrides):
    form = {
        "headline_ar": "الحكومة تعلن خطة جديدة للنقل الحضري",
        "headline_fr": "Le gouvernement annonce un plan de transport urbain",
        "headline_en": "",
        "slug_ar": "",
        "slug_fr": "",
        "slug_en": "",
        "deck_ar": "الخطة تشمل 12 ولاية",
        "deck_fr": "",
        "deck_en": "",
        "lead_ar": "وزير النقل يعرض التفاصيل",
        "lead_fr": "",
        "lead_en": "",
        "body_ar": '<p>أعلنت الحكومة اليوم خطة.</p><script>alert("x")</script>',
        "body_fr": "<p>Le gouvernement a annoncé un plan.</p>",
        "body_en": "",
        "photo": "",
        "tags": "النقل، الترامواي, قسنطينة",
        "byline": "",
        "status": Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "front_page_position": "0",
    }
    form.update(overrides)
    return form


def test_admin_is_arabic_and_right_to_left(editor_client):
    page = editor_client.get(ADD_URL).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "إضافة مقال" in page
    assert "العنوان الفرعي" in page


def test_translation_tabs_load_jquery_ui_from_our_static_files(editor_client):
    page = editor_client.get(ADD_URL).content.decode()
    assert re.search(r'<script src="/static/vendor/jquery-ui/jquery-ui\.min\.[0-9a-f]+\.js"', page)
    assert "googleapis" not in page and "//cdn" not in page


def test_french_and_english_fields_are_left_to_right(editor_client):
    page = editor_client.get(ADD_URL).content.decode()
    for name in ("headline_fr", "headline_en", "deck_fr", "slug_ar", "slug_fr"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert 'dir="ltr"' in tag, name
    assert 'dir="ltr"' not in re.search(r'<input[^>]*name="headline_ar"[^>]*>', page).group(0)


def test_editor_writes_a_story_then_publishes_it(editor_client, client, editor):
    section = make_section("وطني")
    author = make_author("أمينة سعدي")
    photo = make_photo(caption_ar="محطة الترامواي في قسنطينة", credit="تصوير: أمينة")
    form = story_form(section=section.pk, authors=[author.pk], photo=photo.pk)
    response = editor_client.post(ADD_URL, form)
    assert response.status_code == 302, response.content.decode()[:3000]

    article = Article.objects.get()
    assert article.slug == "الحكومة-تعلن-خطة-جديدة-للنقل-الحضري"
    assert article.headline_fr == "Le gouvernement annonce un plan de transport urbain"
    assert article.body_ar == "<p>أعلنت الحكومة اليوم خطة.</p>"
    assert sorted(article.tags.names()) == sorted(["النقل", "الترامواي", "قسنطينة"])
    assert article.photo == photo
    assert article.created_by == editor
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.headline_ar not in client.get("/").content.decode()

    response = editor_client.post(
        CHANGELIST_URL, {"action": "publish", "_selected_action": [article.pk]}, follow=True
    )
    assert "عدد المقالات المنشورة: 1." in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.published_at is not None

    home = client.get("/").content.decode()
    assert article.headline_ar in home
    page = client.get(article.get_absolute_url()).content.decode()
    for part in (article.headline_ar, "الخطة تشمل 12 ولاية", "وزير النقل يعرض التفاصيل", "أعلنت الحكومة اليوم خطة.",
                 "محطة الترامواي في قسنطينة", "تصوير: أمينة", "أمينة سعدي", 'rel="tag">قسنطينة</a>'):
        assert part in page, part
    french = client.get("/fr" + article.get_absolute_url(), follow=True).content.decode()
    assert "Le gouvernement annonce un plan de transport urbain" in french


def test_an_edit_form_shows_the_photo_preview(editor_client):
    article = make_article(photo=make_photo())
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert article.photo.rendition("thumbnail")[0]["jpeg"] in page


def test_front_page_actions(editor_client):
    first, second = make_article("أول"), make_article("ثاني")
    editor_client.post(CHANGELIST_URL, {"action": "put_on_front_page", "_selected_action": [second.pk]})
    editor_client.post(CHANGELIST_URL, {"action": "put_on_front_page", "_selected_action": [first.pk]})
    assert list(Article.objects.front_page()) == [second, first]
    editor_client.post(CHANGELIST_URL, {"action": "take_off_front_page", "_selected_action": [second.pk]})
    assert list(Article.objects.front_page()) == [first]


def test_changelist_searches_arabic_headlines_and_filters_by_status(editor_client):
    make_article("انتخابات محلية في وهران")
    make_article("مباراة الكلاسيكو", status=Status.DRAFT)
    page = editor_client.get(CHANGELIST_URL, {"q": "وهران"}).content.decode()
    assert "انتخابات محلية في وهران" in page and "مباراة الكلاسيكو" not in page
    page = editor_client.get(CHANGELIST_URL, {"status__exact": "draft"}).content.decode()
    assert "مباراة الكلاسيكو" in page and "انتخابات محلية في وهران" not in page


def test_sections_and_authors_are_editable(editor_client):
    response = editor_client.post(
        reverse("admin:taxonomy_section_add"),
        {"name_ar": "اقتصاد", "name_fr": "Économie", "name_en": "", "slug": "", "description_ar": "",
         "description_fr": "", "description_en": "", "position": "3"},
    )
    assert response.status_code == 302
    response = editor_client.post(
        reverse("admin:taxonomy_author_add"),
        {"name_ar": "ياسين", "name_fr": "", "name_en": "", "slug": "", "bio_ar": "", "bio_fr": "", "bio_en": ""},
    )
    assert response.status_code == 302
    assert editor_client.get("/section/اقتصاد/").status_code == 200


@pytest.mark.parametrize("query", ["افريقيا", "إفريقيا", "أفْرِيقيا", "افـــريقيا"])
def test_admin_search_ignores_diacritics_tatweel_and_letter_variants(editor_client, query):
    make_article("قمّة إفريقيا في الجزائر")
    make_article("مباراة ودية")
    page = editor_client.get(CHANGELIST_URL, {"q": query}).content.decode()
    assert "قمّة إفريقيا في الجزائر" in page and "مباراة ودية" not in page


def test_admin_search_finds_body_text_and_story_numbers(editor_client):
    story = make_article("عنوان", body_ar="<p>مدرسة جديدة في تمنراست</p>")
    page = editor_client.get(CHANGELIST_URL, {"q": "مدرسه تمنراست"}).content.decode()
    assert f"/{story.pk}/change/" in page
    page = editor_client.get(CHANGELIST_URL, {"q": str(story.pk)}).content.decode()
    assert f"/{story.pk}/change/" in page


def test_tag_suggestions_match_arabic_variants(editor_client):
    make_article(tags=["الانتخابات الرئاسية", "الرياضة"])
    response = editor_client.get(reverse("admin:articles_article_tag_suggestions"), {"q": "انتخابات"})
    assert response.json() == {"tags": ["الانتخابات الرئاسية"]}


def test_email_and_url_fields_are_left_to_right_everywhere_in_the_admin(editor_client):
    page = editor_client.get(reverse("admin:auth_user_add")).content.decode()
    assert re.search(r'href="/static/admin-extra/admin\.[0-9a-f]+\.css"', page)
