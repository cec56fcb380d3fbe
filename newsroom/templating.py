"""The Jinja2 environment the public pages render with (the admin keeps Django's templates).

A story page rendered on a cache miss spent about half its time in Django's template engine;
Jinja2 compiles each template to Python once, and renders the same page for a fraction of that.
Templates reach the site's helpers (the boxes, pictures, dates in the site's Arabic style)
through the globals and filters below: the same functions the Django template tags are.
"""

from datetime import datetime

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from jinja2 import Environment, pass_context

from newsroom import addresses


def render_html(template_name, context=None):
    """A template drawn as HTML that pages include as it is (a part such as a box or the menu).

    Jinja2 gives a plain string, which the page would escape again.
    """
    return mark_safe(render_to_string(template_name, context))


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
    # Django builds the environment on the first render, once the apps (and these) can load.
    from articles.templatetags import chrome, news, seo
    from photos.templatetags import photos
    from popularity.templatetags import popularity

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
        picture=photos.picture,
        most_read_box=popularity.most_read_box,
        view_beacon=popularity.view_beacon,
        front_page_box=news.front_page_box,
        breaking_ticker=news.breaking_ticker,
        related_stories=news.related_stories,
        # These read the request (and the story) from the page's context.
        section_menu=pass_context(lambda context: news.section_menu(context)),
        language_switcher=pass_context(lambda context: seo.language_switcher(context)),
        story_metadata=pass_context(lambda context, article: seo.story_metadata(context, article)),
    )
    env.filters.update(
        news_date=_in_local_time(news.news_date),
        news_datetime=_in_local_time(news.news_datetime),
        news_month=_in_local_time(news.news_month),
        machine_time=_in_local_time(news.machine_time),
        news_since=news.news_since,
        news_digits=news.news_digits,
        excerpt=news.excerpt,
    )
    return env
