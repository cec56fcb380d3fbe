import re

import pytest
from django.template import engines

from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db


def render(template, **context):
    return engines["jinja2"].from_string(template).render(context)


def test_picture_offers_webp_and_jpeg_at_every_width_with_the_space_reserved():
    photo = make_photo(size=(2000, 1000))
    html = render('{{ picture(photo, "article", sizes="50vw") }}', photo=photo)

    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="50vw">', html).group(1)
    assert [part.split()[-1] for part in webp.split(", ")] == ["480w", "800w", "1200w", "1600w"]
    assert re.search(r'<img src="[^"]+\.jpg" srcset="[^"]+ 480w, [^"]+ 1600w" sizes="50vw" width="800" height="400"', html)
    assert 'alt="لاعبون يحتفلون في الملعب"' in html
    assert 'loading="lazy"' in html


def test_the_photo_at_the_top_of_the_page_is_not_lazy_and_is_fetched_first():
    html = render('{{ picture(photo, "article", loading="eager") }}', photo=make_photo())
    assert 'fetchpriority="high"' in html and 'loading="lazy"' not in html


def test_no_photo_renders_nothing():
    assert render('{{ picture(photo, "card") }}', photo=None) == ""


def test_the_article_page_shows_the_photo_with_srcset_and_feeds_open_graph_the_social_rendition(client):
    photo = make_photo(size=(2400, 1600))
    story = make_article(photo=photo)
    make_article("خبر آخر بصورة", photo=make_photo("صورة ثانية"))

    page = client.get(story.get_absolute_url()).content.decode()

    figure = page[page.index('<figure class="story__figure">'):page.index("</figure>")]
    assert "srcset=" in figure and 'width="800" height="533"' in figure and 'fetchpriority="high"' in figure
    assert "فرحة اللاعبين بعد الهدف الأول" in figure and "تصوير: سمير" in figure
    social = photo.rendition("social")[0]
    assert f'<meta property="og:image" content="http://testserver/media/{social["jpeg"]}">' in page
    assert '<meta property="og:image:width" content="1200">' in page


def test_story_cards_below_the_fold_load_their_photos_lazily(client):
    make_article("القصة الرئيسية", photo=make_photo())
    for number in range(6):
        make_article(f"قصة رقم {number}", photo=make_photo(f"صورة {number}"))

    page = client.get("/").content.decode()

    cards = re.findall(r"<picture>.*?</picture>", page)
    assert len(cards) >= 7
    assert 'loading="lazy"' not in cards[0]
    assert all('loading="lazy"' in card and "width=" in card and "height=" in card for card in cards[1:])
