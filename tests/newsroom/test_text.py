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


@pytest.mark.parametrize("unreadable", ["", "غدا", "32 فلان 2024", "not a date"])
def test_unreadable_dates_say_what_they_could_not_read(unreadable):
    with pytest.raises(ValueError):
        text.parse_datetime(unreadable)
