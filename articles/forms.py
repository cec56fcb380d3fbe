"""The story form: the workflow's check on status moves, the compose screen's buttons, and the
refusal of a save made from a stale form, which leads to a merge of the two texts."""

from typing import NamedTuple

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from . import revisions, workflow
from .models import Article, Status

# The compose screen's buttons that move a story name its next status in this field; the
# move goes through the same workflow check as the status list.
TRANSITION = "_transition"
# Fields written on one line however long they get (a headline or a deck is a sentence, not a
# paragraph); their boxes wrap so the whole sentence stays in sight.
ONE_LINE_PREFIXES = ("headline", "deck")

# A merge after a stale save travels with the form: the fields both people changed, the person's
# own text for each (their box may be edited meanwhile), their choice, or the explicit overwrite.
MERGE_FIELDS = "_merge_fields"
MINE_PREFIX = "_mine_"
CHOICE_PREFIX = "_merge_"
REPLACE_THEIRS = "_replace_theirs"
THEIRS, MINE, EDITED = "theirs", "mine", "edited"


class Conflict(NamedTuple):
    """A field both people changed: their saved value, this form's, and the word diff between them."""

    name: str
    label: str
    theirs: str
    mine: str
    diff: str
    is_text: bool
    choice: str
    mine_posted: str  # the form's text as first posted, carried in a hidden field


class Merge(NamedTuple):
    by: str
    at: object
    conflicts: list
    taken: list  # labels of the fields only they changed, now in the form with their value
    changes: list  # their changes since this form was loaded, [(label, diff)]

    @property
    def fields(self):
        return ",".join(conflict.name for conflict in self.conflicts)

    @property
    def conflict_labels(self):
        return "، ".join(conflict.label for conflict in self.conflicts)


class ArticleAdminForm(forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.merge = None
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
        if "status" in self.fields:
            allowed = workflow.allowed_statuses(self.user, self.instance.status if self.instance.pk else None)
            self.fields["status"].widget.choices = [(status.value, status.label) for status in allowed]

    def clean_status(self):
        status = self.requested_status() or self.cleaned_data["status"]
        current = self.instance.status if self.instance.pk else None
        try:
            workflow.check_transition(self.user, current, status)
        except PermissionDenied as refusal:
            raise forms.ValidationError(str(refusal))
        return status

    def requested_status(self):
        """The status a compose-screen button asks for (``_transition``), or None for a plain save."""
        requested = self.data.get(TRANSITION)
        if not requested:
            return None
        if requested not in Status.values:
            refusal = self.fields["status"].error_messages["invalid_choice"]
            raise forms.ValidationError(refusal, code="invalid_choice", params={"value": requested})
        return Status(requested)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self.check_not_stale(cleaned)
        for name, value in cleaned.items():
            if name.startswith(ONE_LINE_PREFIXES) and isinstance(value, str):
                # A headline or deck pasted with line breaks is still one line on the page.
                cleaned[name] = " ".join(value.split())
        if cleaned.get("status") == Status.SCHEDULED and not cleaned.get("published_at"):
            self.add_error("published_at", gettext("A scheduled story needs a publish time."))
        if cleaned.get("status"):
            # The story as it would be saved: its lead photo and the photos inside its bodies.
            bodies = {f"body_{code}": cleaned.get(f"body_{code}") or "" for code, _name in settings.LANGUAGES}
            story = Article(status=cleaned["status"], photo=cleaned.get("photo"), **bodies)
            for problem in workflow.publishing_problems(story):
                self.add_error("photo" if "photo" in cleaned else None, problem)
        return cleaned

    def check_not_stale(self, cleaned):
        # The admin runs this inside its transaction: the row lock makes a second,
        # simultaneous save wait and then see this one's new version.
        saved = Article.objects.select_for_update().filter(pk=self.instance.pk).first()
        if saved is None:
            return
        loaded_version = cleaned.get("loaded_version")
        if loaded_version not in (None, saved.version):
            self.refuse_stale(saved, loaded_version)
        if self.data.get(MERGE_FIELDS):
            self.apply_merge_choices(cleaned, saved)

    def refuse_stale(self, saved, loaded_version):
        """Take what only they changed, ask about what both changed, and send the form back."""
        started_from = revisions.fields_at_version(self.instance, loaded_version)
        theirs = revisions.merge_values_of(saved)
        mine = self.posted_merge_values()
        only_theirs, both = revisions.three_way(
            revisions.merge_values_at(started_from) if started_from else {}, theirs, mine
        )
        data = self.data.copy()
        data["loaded_version"] = saved.version
        for name in only_theirs:
            if name in revisions.MANY:
                data.setlist(name, list(theirs[name]))
            else:
                data[name] = theirs[name]
        for key in [key for key in data if key.startswith((MINE_PREFIX, CHOICE_PREFIX)) or key == REPLACE_THEIRS]:
            del data[key]
        data[MERGE_FIELDS] = ",".join(both)
        for name in both:
            if name not in revisions.MERGED_CHOICE_FIELDS:
                data[MINE_PREFIX + name] = mine[name]
        self.data = data
        self.merge = Merge(
            by=last_editor(saved),
            at=saved.updated_at,
            conflicts=[self.conflict_for(name, theirs[name], mine[name]) for name in both],
            taken=[revisions.field_label(name) for name in only_theirs],
            changes=revisions.changes(started_from, revisions.current_fields(saved)) if started_from else [],
        )
        raise forms.ValidationError(
            gettext(
                "Someone else saved this story while you were editing it. Their changes to fields you did not "
                "touch are now in the form; for each field you both changed, choose theirs, yours or your own "
                "edit below, then save again."
            ),
            code="stale",
        )

    def apply_merge_choices(self, cleaned, saved):
        """The second save after a refusal: each field both changed takes the person's choice.

        Without a choice for every such field (or the explicit "replace their version"), nothing
        is saved: their change is never lost by saving again without looking.
        """
        names = [name for name in self.data[MERGE_FIELDS].split(",") if name in self.fields]
        replace = bool(self.data.get(REPLACE_THEIRS))
        theirs = revisions.merge_values_of(saved)
        unresolved = []
        for name in names:
            choice = self.data.get(CHOICE_PREFIX + name)
            if choice == THEIRS:
                cleaned[name] = self.saved_value(saved, name)
            elif choice == MINE and name not in revisions.MERGED_CHOICE_FIELDS:
                cleaned[name] = self.data.get(MINE_PREFIX + name, "")
            elif choice in (MINE, EDITED) or replace:
                pass  # the form's own value
            else:
                unresolved.append(name)
        if not unresolved:
            return
        mine = self.posted_merge_values()
        self.merge = Merge(
            by=last_editor(saved),
            at=saved.updated_at,
            conflicts=[self.conflict_for(name, theirs[name], mine[name]) for name in names],
            taken=[],
            changes=[],
        )
        raise forms.ValidationError(
            gettext(
                "Choose theirs, yours or your edit for each field you both changed (%(fields)s), or tick "
                "“Replace their version”. Nothing was saved."
            )
            % {"fields": "، ".join(revisions.field_label(name) for name in unresolved)},
            code="merge_unresolved",
        )

    def posted_merge_values(self):
        """This form's merged fields as posted (a field it does not show is left out)."""
        values = {}
        for name in revisions.merged_text_fields():
            if name in self.fields:
                # A conflicting field's box may hold an edit; "mine" is what was first posted.
                values[name] = self.data.get(MINE_PREFIX + name, self.data.get(name, ""))
        for name in revisions.MERGED_CHOICE_FIELDS:
            if name in self.fields:
                if name in revisions.MANY:
                    values[name] = tuple(sorted(self.data.getlist(name)))
                else:
                    values[name] = self.data.get(name, "")
        return values

    def saved_value(self, saved, name):
        if name in revisions.MANY:
            return list(getattr(saved, name).all())
        return getattr(saved, name)

    def conflict_for(self, name, theirs, mine):
        is_text = name not in revisions.MERGED_CHOICE_FIELDS
        if is_text:
            shown_theirs, shown_mine = revisions.plain_text(theirs), revisions.plain_text(mine)
            diff = revisions.word_diff(theirs, mine)
        else:
            shown_theirs, shown_mine, diff = self.shown_choice(name, theirs), self.shown_choice(name, mine), ""
        return Conflict(name, revisions.field_label(name), shown_theirs, shown_mine, diff, is_text,
                        self.data.get(CHOICE_PREFIX + name, ""), mine if is_text else "")

    def shown_choice(self, name, value):
        pks = list(value) if isinstance(value, tuple) else [value] if value else []
        found = self.fields[name].queryset.filter(pk__in=pks) if pks else []
        return "، ".join(str(item) for item in found) or "—"


def last_editor(article):
    version = revisions.history(article).first()
    user = version.revision.user if version else None
    return (user.get_full_name() or user.get_username()) if user else gettext("another editor")
