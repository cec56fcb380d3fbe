from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.generic import ListView
from django.views.generic.dates import ArchiveIndexView, DayArchiveView, MonthArchiveView, YearArchiveView
from taggit.models import Tag

from articles.models import Article, public_story, public_tags
from articles.preview import article_id_from_token
from taxonomy.models import Author, Section
from website.search import results_page
from website.storybody import frame_policy, story_body

HOME_LATEST = 6
HOME_PER_SECTION = 4
HOME_SECTION_POOL = 80


def home(request):
    slots = settings.NEWSROOM["FRONT_PAGE_SLOTS"]
    pinned = list(Article.objects.front_page().for_listing()[:slots])
    pinned_ids = {story.pk for story in pinned}
    recent = [
        story
        for story in Article.objects.published().for_listing()[: HOME_SECTION_POOL + slots]
        if story.pk not in pinned_ids
    ]
    # Slots the editors left empty take the latest stories, so the front page is never stale;
    # every story appears once on the page.
    front_page = pinned + recent[: slots - len(pinned)]
    recent = recent[slots - len(pinned) :]
    return render(
        request,
        "articles/home.html",
        {
            "lead_story": front_page[0] if front_page else None,
            "front_page": front_page[1:],
            "latest": recent[:HOME_LATEST],
            "sections": group_by_section(recent[HOME_LATEST:], HOME_PER_SECTION),
        },
    )


def group_by_section(stories, per_section):
    """[(section, [story, ...]), ...] in menu order, from already fetched stories."""
    groups = {}
    for story in stories:
        if story.section is not None:
            groups.setdefault(story.section, [])
            if len(groups[story.section]) < per_section:
                groups[story.section].append(story)
    return sorted(groups.items(), key=lambda item: (item[0].position, item[0].pk))


def article_detail(request, pk, slug=None):
    try:
        article = public_story(pk)
    except Article.DoesNotExist:
        raise Http404("No public story has this number.") from None
    # The number identifies the story; an old or missing slug moves to the current one.
    if slug != article.slug:
        return redirect(article, permanent=True)
    body = story_body(article)
    response = render(request, "articles/article_detail.html", {"article": article, "body": body})
    frame_policy(request, response, body.embeds)
    # The page cache adds the ETag and answers If-None-Match and If-Modified-Since.
    response["Last-Modified"] = http_date(article.last_changed.timestamp())
    return response


@never_cache
def preview(request, token):
    """A story exactly as readers will see it, for whoever holds a valid signed link."""
    article_id = article_id_from_token(token)
    if article_id is None:
        raise Http404("This preview link is invalid or has expired.")
    try:
        article = Article.objects.story(article_id)
    except Article.DoesNotExist:
        raise Http404("No story has this number.") from None
    body = story_body(article)
    response = render(request, "articles/article_detail.html", {"article": article, "body": body, "preview": True})
    frame_policy(request, response, body.embeds)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class PublishedArticleList(ListView):
    """A paginated list of public stories belonging to one object of ``model``."""

    template_name = "articles/article_list.html"
    context_object_name = "stories"
    model = None

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM["PAGE_SIZE"]

    def get_owner(self):
        return get_object_or_404(self.model, slug=self.kwargs["slug"])

    def get_queryset(self):
        self.owner = self.get_owner()
        return self.filter_stories(Article.objects.published().for_listing())

    def get_context_data(self, **kwargs):
        return super().get_context_data(owner=self.owner, **kwargs)


class SectionArticleList(PublishedArticleList):
    model = Section

    def filter_stories(self, stories):
        return stories.filter(section_id__in=self.owner.descendant_ids())

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind="section", subsections=self.owner.children.all(), **kwargs)


class TagArticleList(PublishedArticleList):
    model = Tag

    def get_owner(self):
        return get_object_or_404(public_tags(), slug=self.kwargs["slug"])

    def filter_stories(self, stories):
        return stories.filter(tags=self.owner)

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind="tag", **kwargs)


class AuthorArticleList(PublishedArticleList):
    model = Author

    def filter_stories(self, stories):
        return stories.filter(authors=self.owner)

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind="author", **kwargs)


def search(request):
    """Search results; an empty or unusable query gets the search tips, never an error."""
    context = results_page(Article.objects.published(), request.GET.get("q", ""), request.GET.get("page"))
    if context["paginator"] is not None:
        count = context["paginator"].count
        context["summary"] = mark_safe(
            ngettext(
                "%(counter)s story found for “<bdi>%(query)s</bdi>”.",
                "%(counter)s stories found for “<bdi>%(query)s</bdi>”.",
                count,
            )
            % {"counter": count, "query": escape(context["query"])}
        )
    return render(request, "articles/search.html", context)


class ArchiveMixin:
    """Public stories by publish date (in the site's time zone), newest first, paginated.

    A period without stories is a 404, and the links to the previous and next period skip
    to the nearest ones that have stories.
    """

    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"
    allow_empty = False
    make_object_list = True
    ordering = ("-published_at", "-pk")
    template_name = "articles/archive.html"
    context_object_name = "stories"

    def get_queryset(self):
        return Article.objects.published()

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM["PAGE_SIZE"]

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except OverflowError:
            # The last day a date can hold (9999-12-31) has no next day to end the period with.
            raise Http404("No stories on that date.") from None

    def get_dated_items(self):
        date_list, stories, extra = super().get_dated_items()
        return date_list, stories.for_listing(), extra


class ArchiveIndex(ArchiveMixin, ArchiveIndexView):
    date_list_period = "year"
    # The way into the archive exists on an empty site too.
    allow_empty = True
    extra_context = {"period": "index"}


class YearArchive(ArchiveMixin, YearArchiveView):
    extra_context = {"period": "year"}


class MonthArchive(ArchiveMixin, MonthArchiveView):
    extra_context = {"period": "month"}


class DayArchive(ArchiveMixin, DayArchiveView):
    extra_context = {"period": "day"}
