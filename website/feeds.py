"""RSS 2.0 and Atom feeds of the public stories: the whole site, one section (with its
sub-sections), one tag.

Each feed carries the newest ``FEED_LENGTH`` stories with their full sanitised body (its
photos, embeds, cards and quotes in plain HTML: ``articles.body``), the main image as an
enclosure, tags as categories and absolute links. The URLs live under the
i18n patterns, so ``/fr/feeds/rss/`` gives French texts where a story has them (and the
Arabic text, marked as such, where it has not).
"""

import copy
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext
from django.views.decorators.http import conditional_page

from articles.body import plain_body, referenced, without_blocks
from articles.models import Article, public_tags
from newsroom.sanitiser import sanitise_html
from taxonomy.models import Section

FEED_LENGTH = 30
SUMMARY_WORDS = 40
# Sanitised HTML quotes every attribute with double quotes, so this finds every root-relative link.
ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def main_image(article):
    """(url, length in bytes, mime type) of the story's main image, or None: a JPEG up to 1200 pixels wide."""
    if article.photo is None:
        return None
    image = article.photo.file_for("article", max_width=1200)
    return (image["url"], image["bytes"], image["mime_type"]) if image else None


class ArticleRssFeed(Rss201rev2Feed):
    """RSS 2.0 with each story's full text in ``content:encoded``."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content"])


class ArticleAtomFeed(Atom1Feed):
    """Atom with each story's full text in ``content`` and its own ``xml:lang``."""

    def item_attributes(self, item):
        return {"xml:lang": item["language"]}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


class StoryFeed(Feed):
    """The newest public stories, for a feed subclass that picks which ones."""

    feed_type = ArticleRssFeed

    def __call__(self, request, *args, **kwargs):
        # Feed instances live in the URLconf and are shared between threads, so each request
        # works on its own copy, which knows the request (for absolute links).
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def absolute(self, url):
        return self.request.build_absolute_uri(url)

    def stories(self, obj):
        return Article.objects.published()

    def items(self, obj):
        items = list(
            self.stories(obj).select_related("section", "photo").prefetch_related("authors", "tags")[:FEED_LENGTH]
        )
        # The photos and stories all the bodies point to, in one query each.
        self.referenced = referenced(item.body for item in items)
        return items

    def author_name(self):
        # Atom wants an author for every entry; the site stands in for stories without one.
        return settings.NEWSROOM["SITE_NAME"]

    def item_title(self, item):
        # Plain text, as RSS and Atom (type="text") define titles: Django's default escapes it
        # once more, and readers then show "&amp;" for "&".
        return item.headline

    def item_description(self, item):
        # Descriptions are HTML to readers, so plain text is escaped.
        summary = item.deck or item.lead or Truncator(strip_tags(without_blocks(item.body))).words(SUMMARY_WORDS)
        return escape(summary)

    def item_guid(self, item):
        # The story's number, not its slug: editing the headline must not make it a new item.
        return self.absolute(reverse("website:detail_short", kwargs={"pk": item.pk}))

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at.replace(microsecond=0)

    def item_updateddate(self, item):
        return item.last_changed

    def item_author_name(self, item):
        return item.byline_text or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item):
        image = main_image(item)
        if image is None:
            return []
        url, length, mime_type = image
        return [Enclosure(self.absolute(url), str(length), mime_type)]

    def item_extra_kwargs(self, item):
        language = get_language()
        body_language = item.shown_language("body", language)
        direction = "rtl" if body_language in settings.LANGUAGES_BIDI else "ltr"
        body = plain_body(sanitise_html(item.body), self.referenced, self.absolute)
        body = ROOT_RELATIVE.sub(lambda match: match[1] + self.absolute("/"), body)
        return {
            "language": item.shown_language("headline", language),
            "content": f'<div lang="{body_language}" dir="{direction}">{body}</div>',
        }


class SiteFeed(StoryFeed):
    def title(self):
        return settings.NEWSROOM["SITE_NAME"]

    def link(self):
        return reverse("website:home")

    def description(self):
        return gettext("The latest stories from %(site)s") % {"site": settings.NEWSROOM["SITE_NAME"]}


class SectionFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def stories(self, section):
        return Article.objects.published().filter(section_id__in=section.descendant_ids())

    def title(self, section):
        return f"{section.name} | {settings.NEWSROOM['SITE_NAME']}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return gettext("The latest stories in %(section)s from %(site)s") % {
            "section": section.name,
            "site": settings.NEWSROOM["SITE_NAME"],
        }


class TagFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(public_tags(), slug=slug)

    def stories(self, tag):
        return Article.objects.published().filter(tags=tag)

    def title(self, tag):
        return f"{tag.name} | {settings.NEWSROOM['SITE_NAME']}"

    def link(self, tag):
        return reverse("website:tag", kwargs={"slug": tag.slug})

    def description(self, tag):
        return gettext("The latest stories tagged “%(tag)s” from %(site)s") % {
            "tag": tag.name,
            "site": settings.NEWSROOM["SITE_NAME"],
        }


def atom(feed_class):
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": ArticleAtomFeed})


# ETag from the bytes and the Last-Modified the feed sets: a reader polling with
# If-None-Match or If-Modified-Since gets a 304 while nothing changed.
site_rss = conditional_page(SiteFeed())
site_atom = conditional_page(atom(SiteFeed)())
section_rss = conditional_page(SectionFeed())
section_atom = conditional_page(atom(SectionFeed)())
tag_rss = conditional_page(TagFeed())
tag_atom = conditional_page(atom(TagFeed)())
