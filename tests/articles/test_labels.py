"""A story's authors and tags come in the story's own row, as JSON (articles/labels.py)."""

import pytest
from django.utils import translation

from articles.models import Article, Status, public_story
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def test_a_story_without_authors_or_tags_has_none_in_one_query(django_assert_num_queries):
    story = make_article("خبر بلا توقيع")
    with django_assert_num_queries(1):
        fetched = public_story(story.pk)
        assert list(fetched.authors.all()) == [] and list(fetched.tags.all()) == []


def test_names_come_back_exactly_whatever_they_hold():
    awkward = 'سعيد "الأب" \\ بن علي\nالثاني 😀 & <b>'
    story = make_article(tags=['وسم "مقتبس"', "C:\\path", "😀 emoji"], authors=[make_author(awkward)])
    fetched = public_story(story.pk)
    assert [author.name for author in fetched.authors.all()] == [awkward]
    assert sorted(tag.name for tag in fetched.tags.all()) == sorted(['وسم "مقتبس"', "C:\\path", "😀 emoji"])


def test_authors_come_in_the_order_of_their_arabic_names_with_every_translation():
    karim, amina = make_author("كريم"), make_author("أمينة")
    amina.name_fr = "Amina"
    amina.save()
    story = public_story(make_article(authors=[karim, amina]).pk)
    assert [author.pk for author in story.authors.all()] == [amina.pk, karim.pk]
    with translation.override("fr"):
        assert [author.name for author in story.authors.all()] == ["Amina", "كريم"]
    assert story.authors.all()[0].get_absolute_url() == amina.get_absolute_url()


def test_a_draft_s_preview_reads_its_labels_the_same_way(django_assert_num_queries):
    draft = make_article("مسودة", status=Status.DRAFT, tags=["مسودة"], authors=[make_author("كريم")])
    with django_assert_num_queries(1):
        story = Article.objects.story(draft.pk)
        assert [tag.name for tag in story.tags.all()] == ["مسودة"]
        assert [author.name for author in story.authors.all()] == ["كريم"]


def test_authors_biographies_stay_in_the_database_until_asked_for(django_assert_num_queries):
    karim = make_author("كريم")
    karim.bio_ar = "صحفي في القسم الاقتصادي منذ 2010. " * 40
    karim.save()
    story = public_story(make_article(authors=[karim]).pk)
    (author,) = story.authors.all()
    with django_assert_num_queries(0):
        assert (author.name, author.get_absolute_url()) == ("كريم", karim.get_absolute_url())
    # A page that does show the biography still gets it, in one more query.
    with django_assert_num_queries(1):
        assert author.bio == karim.bio_ar
