from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from newsroom import text


@pytest.mark.parametrize("variant", ["إفريقيا", "أفريقيا", "افريقيا", "اَفْرِيقِيا", "افـــريقيا", "آفريقيا"])
def test_normalise_folds_alef_variants_diacritics_and_tatweel(variant):
    assert text.normalise(variant) == "افريقيا"


def test_normalise_folds_yaa_and_taa_marbuta():
    assert text.normalise("مستشفى المدينة") == text.normalise("مستشفي المدينه")


def test_normalise_lowercases_latin_and_collapses_spaces():
    assert text.normalise("  SNTF\u00a0 الجزائر ") == "sntf الجزائر"


def test_slug_keeps_arabic_letters_and_drops_punctuation_and_marks():
    slug = text.arabic_slugify("واشنطن تستعجل تعاون الجزائر لمواجهة ”عودة الدواعش”")
    assert slug == "واشنطن-تستعجل-تعاون-الجزائر-لمواجهة-عودة-الدواعش"


def test_slug_strips_tashkeel_and_tatweel():
    assert text.arabic_slugify("الجَزائِـــر") == "الجزائر"


def test_slug_is_cut_on_a_word_boundary():
    slug = text.arabic_slugify("كلمة " * 20, max_length=22)
    assert len(slug) <= 22 and not slug.endswith("-") and slug.split("-") == ["كلمة"] * len(slug.split("-"))


def test_unique_slug_adds_a_counter_when_taken():
    taken = {"رياضة", "رياضة-2"}
    assert text.unique_slug("رياضة", taken.__contains__) == "رياضة-3"


@pytest.mark.parametrize(
    ("month", "name"),
    [(1, "جانفي"), (2, "فيفري"), (4, "أفريل"), (5, "ماي"), (6, "جوان"), (7, "جويلية"), (8, "أوت")],
)
def test_dates_use_maghreb_month_names(month, name):
    assert text.format_date(datetime(2026, month, 3)) == f"3 {name} 2026"


def test_other_regions_month_names_are_available():
    assert text.format_date(datetime(2026, 6, 3), months="levant") == "3 حزيران 2026"
    assert text.format_date(datetime(2026, 6, 3), months="egypt") == "3 يونيو 2026"


def test_datetimes_are_shown_in_algiers_time_with_weekday():
    moment = datetime(2026, 11, 29, 23, 30, tzinfo=ZoneInfo("UTC"))
    # 23:30 UTC on Sunday is 00:30 on Monday in Algiers (UTC+1).
    assert text.format_datetime(moment, weekday=True) == "الإثنين 30 نوفمبر 2026، 00:30"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-06-03T10:30:00+01:00", "2024-06-03T09:30:00+00:00"),
        ("2024-06-03 10:30", "2024-06-03T09:30:00+00:00"),
        ("Mon, 03 Jun 2024 10:30:00 GMT", "2024-06-03T10:30:00+00:00"),
        ("3 جوان 2024", "2024-06-02T23:00:00+00:00"),
        ("الإثنين 3 جوان 2024، 10:30", "2024-06-03T09:30:00+00:00"),
        ("٣ حزيران ٢٠٢٤ - ١٠:٣٠", "2024-06-03T09:30:00+00:00"),
        ("3 يونيو 2024", "2024-06-02T23:00:00+00:00"),
        ("15 تشرين الثاني 2023", "2023-11-14T23:00:00+00:00"),
        ("1 أفريل 2024", "2024-03-31T23:00:00+00:00"),
    ],
)
def test_dates_are_read_in_arabic_and_machine_formats(written, expected):
    from datetime import UTC

    assert text.parse_datetime(written).astimezone(UTC).isoformat() == expected


@pytest.mark.parametrize(
    ("unreadable", "named"),
    [("", "empty date"), ("غدا", "'غدا'"), ("32 فلان 2024", "'32 فلان 2024'"), ("not a date", "'not a date'")],
)
def test_unreadable_dates_say_what_they_could_not_read(unreadable, named):
    with pytest.raises(ValueError) as refusal:
        text.parse_datetime(unreadable)
    assert named in str(refusal.value)


@pytest.mark.parametrize(
    ("months", "digits", "expected"),
    [
        ("maghreb", "western", "14 جويلية 2026"),
        ("maghreb", "arabic-indic", "١٤ جويلية ٢٠٢٦"),
        ("levant", "western", "14 تموز 2026"),
        ("levant", "arabic-indic", "١٤ تموز ٢٠٢٦"),
        ("egypt", "western", "14 يوليو 2026"),
        ("egypt", "arabic-indic", "١٤ يوليو ٢٠٢٦"),
    ],
)
def test_dates_in_every_month_style_and_digit_style(months, digits, expected):
    assert text.format_date(datetime(2026, 7, 14), months=months, digits=digits) == expected


def test_datetimes_and_months_take_the_digit_style_too():
    moment = datetime(2026, 12, 31, 17, 5, tzinfo=ZoneInfo("Africa/Algiers"))
    assert text.format_datetime(moment, months="levant", digits="arabic-indic") == "٣١ كانون الأول ٢٠٢٦، ١٧:٠٥"
    assert text.format_month(moment, months="egypt") == "ديسمبر 2026"


def test_numbers_get_arabic_indic_digits_and_decimal_separator():
    from decimal import Decimal

    assert text.localise_digits(1954, "arabic-indic") == "١٩٥٤"
    assert text.localise_digits(3.5, "arabic-indic") == "٣٫٥"
    assert text.localise_digits(Decimal("12.75"), "arabic-indic") == "١٢٫٧٥"
    # In text a full stop stays a full stop.
    assert text.localise_digits("الفصل 3. المادة 12", "arabic-indic") == "الفصل ٣. المادة ١٢"
    assert text.localise_digits(3.5, "western") == "3.5"
    with pytest.raises(ValueError):
        text.localise_digits(1, "roman")


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "دقيقة"), (2, "دقيقتين"), (3, "3 دقائق"), (10, "10 دقائق"), (11, "11 دقيقة"), (99, "99 دقيقة"),
     (100, "100 دقيقة"), (103, "103 دقائق")],
)
def test_arabic_counted_nouns_take_singular_dual_and_plural_forms(number, expected):
    assert text.arabic_count(number, "دقيقة", "دقيقتين", "دقائق", "دقيقة") == expected


NOW = datetime(2026, 6, 14, 15, 0, tzinfo=ZoneInfo("Africa/Algiers"))


@pytest.mark.parametrize(
    ("elapsed", "expected"),
    [
        ({"seconds": 20}, "الآن"),
        ({"seconds": -20}, "الآن"),
        ({"minutes": 1}, "منذ دقيقة"),
        ({"minutes": 2}, "منذ دقيقتين"),
        ({"minutes": 5}, "منذ 5 دقائق"),
        ({"minutes": 10}, "منذ 10 دقائق"),
        ({"minutes": 11}, "منذ 11 دقيقة"),
        ({"minutes": 59, "seconds": 59}, "منذ 59 دقيقة"),
        ({"hours": 1}, "منذ ساعة"),
        ({"hours": 2, "minutes": 30}, "منذ ساعتين"),
        ({"hours": 3}, "منذ 3 ساعات"),
        ({"hours": 11}, "منذ 11 ساعة"),
        ({"hours": 14, "minutes": 59}, "منذ 14 ساعة"),
        ({"hours": 24}, "أمس"),
        ({"hours": 38}, "أمس"),
        ({"hours": 40}, "منذ يومين"),
        ({"days": 3}, "منذ 3 أيام"),
        ({"days": 7}, "منذ 7 أيام"),
        ({"days": 8}, "6 جوان 2026"),
        ({"days": -2}, "16 جوان 2026"),
    ],
)
def test_relative_times_read_as_arabic_readers_say_them(elapsed, expected):
    from datetime import timedelta

    assert text.time_since(NOW - timedelta(**elapsed), now=NOW) == expected


def test_relative_times_follow_the_digit_and_month_styles():
    from datetime import timedelta

    assert text.time_since(NOW - timedelta(minutes=5), now=NOW, digits="arabic-indic") == "منذ ٥ دقائق"
    assert text.time_since(NOW - timedelta(days=30), now=NOW, months="levant") == "15 أيار 2026"


def test_search_terms_are_normalised_words_without_punctuation_stopwords_or_repeats():
    assert text.search_terms("«الجَزائِـــر» في (تونس)، الجزائر SNTF-2024 !!!") == ["الجزائر", "تونس", "sntf-2024"]
    assert text.search_terms("في من على") == []
    assert text.search_terms("؟!،.") == []
    assert text.search_terms("ب" * 500) == []
    assert text.search_terms("a\x00b") == ["b"]
    assert len(text.search_terms(" ".join(f"كلمة{n}" for n in range(50)))) == text.MAX_SEARCH_TERMS


def test_matches_are_found_in_the_text_as_written():
    written = "قال الرئيسُ إنّ الجَزائِـــر ومستشفى المدينة"
    spans = text.match_spans(written, ["الجزائر", "مستشفي", "المدينه"])
    assert [written[start:end] for start, end in spans] == ["الجَزائِـــر", "مستشفى", "المدينة"]


def test_a_match_covers_the_marks_on_its_last_letter_and_overlaps_merge():
    written = "وصلَ الوفدُ"
    assert [written[a:b] for a, b in text.match_spans(written, ["وصل"])] == ["وصلَ"]
    assert text.match_spans("الجزائر", ["الجز", "زائر"]) == [(0, 7)]
    assert text.match_spans("Énergie", ["energie"]) == []
    assert text.match_spans("ÉNERGIE", ["énergie"]) == [(0, 7)]


def test_a_passage_is_cut_between_words_around_the_match():
    words = [f"كلمة{n}" for n in range(100)]
    body = " ".join(words)
    start = body.index("كلمة50")
    passage = text.passage(body, start, width=120, before=40)
    assert passage.startswith("…") and passage.endswith("…")
    assert "كلمة50" in passage
    assert all(word in words for word in passage.strip("…").split())
    assert len(passage) <= 122
    assert text.passage("نص قصير", 0) == "نص قصير"


def test_truncating_keeps_whole_words_and_ends_with_an_ellipsis():
    assert text.truncate_words("واحد اثنان ثلاثة أربعة", 2) == "واحد اثنان…"
    assert text.truncate_words("واحد اثنان", 2) == "واحد اثنان"
    # Dangling punctuation goes; lone punctuation and tatweel are not words.
    assert text.truncate_words("واحد، اثنان، ثلاثة", 2) == "واحد، اثنان…"
    assert text.truncate_words("واحد - ـ اثنان ثلاثة", 2) == "واحد - ـ اثنان…"
    assert text.truncate_words("Le président, à Alger", 2) == "Le président…"
