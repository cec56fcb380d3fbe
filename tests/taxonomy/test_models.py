import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_author, make_section

pytestmark = pytest.mark.django_db


def test_section_slug_comes_from_the_arabic_name():
    assert make_section("كرة القدم").slug == "كرة-القدم"


def test_two_sections_with_the_same_name_get_distinct_slugs():
    assert make_section("رياضة").slug != make_section("رياضة").slug


def test_sections_nest_and_know_their_descendants():
    sport = make_section("رياضة")
    football = make_section("كرة القدم", parent=sport)
    national = make_section("المنتخب", parent=football)
    other = make_section("ثقافة")
    assert set(sport.descendant_ids()) == {sport.pk, football.pk, national.pk}
    assert other.pk not in sport.descendant_ids()
    assert str(national) == "رياضة › كرة القدم › المنتخب"


def test_a_section_cannot_be_its_own_ancestor():
    sport = make_section("رياضة")
    football = make_section("كرة القدم", parent=sport)
    sport.parent = football
    with pytest.raises(ValidationError):
        sport.full_clean()


def test_author_slug_is_arabic():
    assert make_author("سليمة بن علي").slug == "سليمة-بن-علي"


@pytest.mark.django_db
def test_an_authors_page_shows_the_bio_and_the_portrait_from_the_library(client):
    from tests.factories import make_article, make_author, make_photo

    author = make_author("سليمة بن علي", bio_ar="صحفية رياضية منذ 2010.", photo=make_photo("سليمة", size=(600, 600)))
    make_article("خبر بقلم سليمة", authors=[author])

    page = client.get(author.get_absolute_url()).content.decode()

    assert "صحفية رياضية منذ 2010." in page and "خبر بقلم سليمة" in page
    portrait = author.photo.rendition("thumbnail")[0]
    assert f'width="{portrait["width"]}" height="{portrait["height"]}" alt="سليمة بن علي"' in page
