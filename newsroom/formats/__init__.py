"""Date formats for the admin and Django's own pages, per language (settings.FORMAT_MODULE_PATH).

The day comes before the month in Arabic and French ("7 ديسمبر 2026", "7 décembre 2026"); the
public pages write dates with newsroom/text.py instead (Maghreb month names).
"""
