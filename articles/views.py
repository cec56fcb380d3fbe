from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import ListView
from taggit.models import Tag

from taxonomy.models import Author, Section

from .models import Article

HOME_LATEST = 6
HOME_PER_SECTION = 4
HOME_SECTION_POOL = 80


def home(request):
    front_page = list(Article.objects.front_page().for_listing()[:9])
    shown = {story.pk for story in front_page}
    recent = [
        story
        for story in Article.objects.published().for_listing()[:HOME_SECTION_POOL]
        if story.pk not in shown
    ]
    return render(
        request,
        "articles/home.html",
        {
            "lead_story": front_page[0] if front_page else None,
            "front_page": front_page[1:],
            "breaking": Article.objects.published().filter(is_breaking=True)[:3],
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
    article = get_object_or_404(Article.objects.published().for_detail(), pk=pk)
    # The number identifies the story; an old or missing slug moves to the current one.
    if slug != article.slug:
        return redirect(article, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})


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
