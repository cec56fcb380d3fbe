import re
from datetime import UTC, datetime, timedelta

import pytest
from django.template import engines
from django.utils import timezone, translation

from tests.factories import make_article, make_section
from tests.newsroom.test_settings import load_settings

MOMENT = datetime(2026, 7, 14, 21, 5, tzinfo=UTC)  # 22:05 in Algiers


def render(source, language="ar", **context):
    """``source`` rendered as the public pages render (Jinja2, with the site's filters)."""
    with translation.override(language):
        return engines["jinja2"].from_string(source).render(context)


@pytest.fixture
def style(settings):
    def configure(months="maghreb", digits="western"):
        settings.NEWSROOM = {**settings.NEWSROOM, "MONTH_STYLE": months, "DIGITS": digits}

    return configure


@pytest.mark.parametrize(
    ("months", "digits", "date", "moment"),
    [
        ("maghreb", "western", "14 جويلية 2026", "14 جويلية 2026، 22:05"),
        ("maghreb", "arabic-indic", "١٤ جويلية ٢٠٢٦", "١٤ جويلية ٢٠٢٦، ٢٢:٠٥"),
        ("levant", "western", "14 تموز 2026", "14 تموز 2026، 22:05"),
        ("levant", "arabic-indic", "١٤ تموز ٢٠٢٦", "١٤ تموز ٢٠٢٦، ٢٢:٠٥"),
        ("egypt", "western", "14 يوليو 2026", "14 يوليو 2026، 22:05"),
        ("egypt", "arabic-indic", "١٤ يوليو ٢٠٢٦", "١٤ يوليو ٢٠٢٦، ٢٢:٠٥"),
    ],
)
def test_arabic_dates_follow_the_month_and_digit_settings(style, months, digits, date, moment):
    style(months, digits)
    assert render("{{ value|news_date }}", value=MOMENT) == date
    assert render("{{ value|news_datetime }}", value=MOMENT) == moment
    assert render("{{ value|news_month }}", value=MOMENT) == date.split(" ", 1)[1]


def test_the_default_style_is_maghreb_with_western_digits():
    assert render("{{ value|news_date }}", value=MOMENT) == "14 جويلية 2026"


@pytest.mark.parametrize(("language", "expected"), [("fr", "15 juillet 2026"), ("en", "July 15, 2026")])
def test_french_and_english_pages_use_their_month_names_western_digits_and_local_time(style, language, expected):
    style("levant", "arabic-indic")
    # 23:30 UTC is already the next day in Algiers.
    late = datetime(2026, 7, 14, 23, 30, tzinfo=UTC)
    assert render("{{ value|news_date }}", language, value=late) == expected
    assert render("{{ value|news_digits }}", language, value=2026) == "2026"


def test_relative_times_in_arabic(style):
    now = timezone.now()
    assert render("{{ value|news_since }}", value=now - timedelta(minutes=5, seconds=10)) == "منذ 5 دقائق"
    assert render("{{ value|news_since }}", value=now - timedelta(hours=2, minutes=1)) == "منذ ساعتين"
    style(digits="arabic-indic")
    assert render("{{ value|news_since }}", value=now - timedelta(hours=3, minutes=1)) == "منذ ٣ ساعات"


def test_relative_times_beyond_a_week_are_the_date(style):
    style("egypt")
    assert render("{{ value|news_since }}", value=MOMENT - timedelta(days=400)) == "9 يونيو 2025"


def test_relative_times_in_english():
    now = timezone.now()
    assert render("{{ value|news_since }}", "en", value=now - timedelta(minutes=5, seconds=10)) == "5\xa0minutes ago"
    assert render("{{ value|news_since }}", "en", value=now) == "just now"
    assert render("{{ value|news_since }}", "en", value=MOMENT - timedelta(days=400)) == "June 9, 2025"


def test_any_number_takes_the_configured_digits_on_arabic_pages(style):
    assert render("{{ value|news_digits }}", value=1954) == "1954"
    style(digits="arabic-indic")
    assert render("{{ value|news_digits }}", value=1954) == "١٩٥٤"
    assert render("{{ value|news_digits }}", value=2.5) == "٢٫٥"
    assert render("{{ value|news_digits }}", value=None) == ""


def test_excerpts_keep_whole_words_and_drop_markup():
    body = "<p>أعلنت <strong>الحكومة</strong> اليوم، عن خطة &amp; برنامج جديد للنقل</p>"
    assert render("{{ value|excerpt(4) }}", value=body) == "أعلنت الحكومة اليوم، عن…"
    assert render("{{ value|excerpt(3) }}", value=body) == "أعلنت الحكومة اليوم…"
    assert render("{{ value|excerpt(20) }}", value=body) == "أعلنت الحكومة اليوم، عن خطة &amp; برنامج جديد للنقل"
    assert render("{{ value|excerpt(2) }}", value="<script>x</script> a b c") == "x a…"


@pytest.mark.django_db
def test_story_cards_keep_the_headline_s_direction_and_isolate_names_from_it():
    story = make_article("فوز Real Madrid على Barça 3-1", section=make_section("Sport international"))
    card = render('{% from "includes/article_card.html" import card %}{{ card(story) }}', story=story)
    assert re.search(
        r'<h3 class="card__headline" dir="rtl"><a [^>]*>فوز <bdi>Real Madrid</bdi> على <bdi>Barça</bdi> 3-1</a></h3>', card
    )
    assert "<bdi>Sport international</bdi>" in card


@pytest.mark.django_db
def test_a_large_cards_deck_is_cut_on_a_word(settings):
    deck = " ".join(f"كلمة{n}" for n in range(50))
    story = make_article("عنوان", deck_ar=deck)
    card = render('{% from "includes/article_card.html" import card %}{{ card(story, large=True) }}', story=story)
    shown = re.search(r'<p class="card__deck" dir="rtl">(.*?)</p>', card).group(1)
    assert shown == " ".join(f"كلمة{n}" for n in range(30)) + "…"


def test_an_unknown_month_or_digit_style_stops_the_site_with_a_clear_message(tmp_path):
    result = load_settings(SECRET_KEY="s" * 50, NEWSROOM_VAR_DIR=str(tmp_path), NEWSROOM_MONTH_STYLE="gulf")
    assert result.returncode != 0 and "NEWSROOM_MONTH_STYLE" in result.stderr and "maghreb" in result.stderr
    result = load_settings(SECRET_KEY="s" * 50, NEWSROOM_VAR_DIR=str(tmp_path), NEWSROOM_DIGITS="eastern")
    assert result.returncode != 0 and "arabic-indic" in result.stderr
    assert load_settings(SECRET_KEY="s" * 50, NEWSROOM_VAR_DIR=str(tmp_path), NEWSROOM_MONTH_STYLE="Levant").returncode == 0
