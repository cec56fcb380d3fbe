"""The story list's actions: publish, unpublish, the front page, a section or a tag for many stories.

Mixed into ``ArticleAdmin`` (articles/admin.py); every status move goes through ``workflow``.
Each story changed gets an admin log entry (and a status-history entry when its status
moved); the stories left as they were are named, with the reason, in a warning.
"""

from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Max
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Section

from . import workflow
from .models import Article, Status

# A warning names this many stories, then says how many more.
NAMED_IN_WARNING = 5


class SectionChoice(forms.Form):
    section = forms.ModelChoiceField(queryset=Section.objects.all(), label=_("Section"))


class TagChoice(forms.Form):
    tag = forms.CharField(max_length=100, label=_("Tag"), strip=True)


class Tally:
    """What one action did: the stories changed, and those left alone grouped by reason."""

    def __init__(self):
        self.changed = 0
        self.refused = defaultdict(list)

    def refuse(self, article, reason):
        self.refused[str(reason)].append(article.headline)


def named(headlines):
    quoted = [gettext("“%(headline)s”") % {"headline": headline} for headline in headlines[:NAMED_IN_WARNING]]
    more = len(headlines) - len(quoted)
    if more:
        quoted.append(ngettext("and %(count)d more", "and %(count)d more", more) % {"count": more})
    return gettext(", ").join(quoted)


def field_names(*names):
    """The fields a log entry names, by their plain label (not "Headline [ar]").

    Kept untranslated, as Django keeps its own: the log shows them in each reader's language.
    """
    with translation.override(None):
        return [str(Article._meta.get_field(name).verbose_name) for name in names]


class StoryActionsMixin:
    actions = ["publish", "unpublish", "move_to_section", "add_tag", "put_on_front_page", "take_off_front_page"]

    def report(self, request, tally, done_message):
        """One message for what changed, one warning per reason something did not; never "0 … done"."""
        if tally.changed:
            self.message_user(request, done_message, messages.SUCCESS)
        for reason, headlines in tally.refused.items():
            self.message_user(
                request,
                ngettext(
                    "%(count)d story was not changed: %(reason)s (%(stories)s).",
                    "%(count)d stories were not changed: %(reason)s (%(stories)s).",
                    len(headlines),
                ) % {"count": len(headlines), "reason": reason, "stories": named(headlines)},
                messages.WARNING,
            )
        if not tally.changed and not tally.refused:
            self.message_user(request, gettext("No story was changed."), messages.WARNING)

    def changed(self, request, tally, article, *fields):
        article.changed_by = request.user
        # Tags are stored beside the row; the save still refreshes what is derived from them.
        article.save(update_fields=[name for name in fields if name != "tags"])
        self.log_change(request, article, [{"changed": {"fields": field_names(*fields)}}])
        tally.changed += 1

    def _move(self, request, queryset, target):
        tally = Tally()
        for article in queryset.select_related("photo"):
            refusal = workflow.move_refusal(request.user, article, target)
            if refusal:
                tally.refuse(article, refusal)
                continue
            fields = ["status"]
            article.status = target
            if target == Status.PUBLISHED and (article.published_at is None or article.published_at > timezone.now()):
                # "Now" means now: a publish time left ahead would keep the story hidden.
                article.published_at = timezone.now()
                fields.append("published_at")
            self.changed(request, tally, article, *fields)
        return tally

    @admin.action(description=_("Publish the selected stories now"), permissions=["publish"])
    def publish(self, request, queryset):
        tally = self._move(request, queryset, Status.PUBLISHED)
        count = tally.changed
        self.report(request, tally, ngettext("%d story published.", "%d stories published.", count) % count)

    @admin.action(description=_("Unpublish the selected stories"), permissions=["publish"])
    def unpublish(self, request, queryset):
        tally = self._move(request, queryset, Status.UNPUBLISHED)
        count = tally.changed
        self.report(request, tally, ngettext("%d story unpublished.", "%d stories unpublished.", count) % count)

    @admin.action(description=_("Put the selected stories on the front page"), permissions=["curate"])
    def put_on_front_page(self, request, queryset):
        tally = Tally()
        last = Article.objects.filter(is_front_page=True).aggregate(last=Max("front_page_position"))["last"] or 0
        for article in queryset:
            if article.is_front_page:
                tally.refuse(article, gettext("it is already on the front page"))
                continue
            last += 1
            article.is_front_page = True
            article.front_page_position = last
            self.changed(request, tally, article, "is_front_page", "front_page_position")
        count = tally.changed
        self.report(request, tally, ngettext(
            "%d story put on the front page.", "%d stories put on the front page.", count) % count)

    @admin.action(description=_("Take the selected stories off the front page"), permissions=["curate"])
    def take_off_front_page(self, request, queryset):
        tally = Tally()
        for article in queryset:
            if not article.is_front_page:
                tally.refuse(article, gettext("it is not on the front page"))
                continue
            article.is_front_page = False
            self.changed(request, tally, article, "is_front_page")
        count = tally.changed
        self.report(request, tally, ngettext(
            "%d story taken off the front page.", "%d stories taken off the front page.", count) % count)

    @admin.action(description=_("Move the selected stories to a section…"), permissions=["change"])
    def move_to_section(self, request, queryset):
        form = SectionChoice(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.ask(request, queryset, form, "move_to_section", gettext("Move stories to a section"))
        section = form.cleaned_data["section"]
        tally = Tally()
        for article in queryset:
            if not workflow.can_edit(request.user, article):
                tally.refuse(article, gettext("you may not change this story"))
            elif article.section_id == section.pk:
                tally.refuse(article, gettext("it is already in this section"))
            else:
                article.section = section
                self.changed(request, tally, article, "section")
        count = tally.changed
        self.report(request, tally, ngettext(
            "%(count)d story moved to “%(section)s”.", "%(count)d stories moved to “%(section)s”.", count,
        ) % {"count": count, "section": section})

    @admin.action(description=_("Add a tag to the selected stories…"), permissions=["change"])
    def add_tag(self, request, queryset):
        form = TagChoice(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.ask(request, queryset, form, "add_tag", gettext("Add a tag to stories"))
        tag = form.cleaned_data["tag"]
        tally = Tally()
        for article in queryset:
            if not workflow.can_edit(request.user, article):
                tally.refuse(article, gettext("you may not change this story"))
            elif tag in article.tag_names():
                tally.refuse(article, gettext("it already has this tag"))
            else:
                article.tags.add(tag)
                # The save stores the tag in the story's search columns too.
                self.changed(request, tally, article, "tags")
        count = tally.changed
        self.report(request, tally, ngettext(
            "Tag “%(tag)s” added to %(count)d story.", "Tag “%(tag)s” added to %(count)d stories.", count,
        ) % {"count": count, "tag": tag})

    def ask(self, request, queryset, form, action, title):
        """The page between choosing an action and doing it: which section, which tag."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "form": form,
            "action": action,
            "stories": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/action_choice.html", context)
