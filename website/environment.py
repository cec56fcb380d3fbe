"""The Jinja2 environment the public pages render with (the admin keeps Django's templates).

A story page rendered on a cache miss spent about half its time in Django's template engine;
Jinja2 compiles each template to Python once, and renders the same page for a fraction of that.
Templates reach the site's helpers (the boxes, pictures, dates in the site's Arabic style)
through the globals and filters below.
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone, translation
from jinja2 import Environment, pass_context

from newsroom import addresses
from newsroom.text import isolate_foreign_runs
from photos.markup import picture

from . import boxes, chrome, dates, direction, seo, storybody


def _in_local_time(function):
    # As Django's filters marked expects_localtime: dates show in the site's time zone.
    def filter_(value, *args):
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return function(value, *args)

    return filter_


def url(name, *args):
    return reverse(name, args=args)


def environment(**options):
    env = Environment(**options, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=False)
    env.globals.update(
        url=url,
        site_url=addresses.address,
        static=addresses.asset,
        chrome=chrome.chrome,
        now=timezone.localtime,
        current_language=translation.get_language,
        current_language_is_bidi=translation.get_language_bidi,
        picture=picture,
        most_read_box=boxes.most_read_box,
        view_beacon=boxes.view_beacon,
        front_page_box=boxes.front_page_box,
        breaking_ticker=boxes.breaking_ticker,
        related_stories=boxes.related_stories,
        embeds_script=storybody.embeds_script,
        # Text whose language is known: its lang and dir, and runs of the other script isolated.
        language_attributes=direction.language_attributes,
        field_language=direction.field_language,
        # These read the request (and the story) from the page's context.
        section_menu=pass_context(lambda context: boxes.section_menu(context)),
        language_switcher=pass_context(lambda context: seo.language_switcher(context)),
        story_metadata=pass_context(lambda context, article: seo.story_metadata(context, article)),
    )
    env.filters.update(
        news_date=_in_local_time(dates.news_date),
        news_datetime=_in_local_time(dates.news_datetime),
        news_month=_in_local_time(dates.news_month),
        machine_time=_in_local_time(dates.machine_time),
        news_since=dates.news_since,
        news_digits=dates.news_digits,
        excerpt=dates.excerpt,
        isolated=isolate_foreign_runs,
    )
    return env
