from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom import addresses
from newsroom.text import unique_slug


def fill_slug_from_name(instance):
    """Give a new section or author a unique Arabic slug from its Arabic name; never change one."""
    if instance.slug:
        return
    others = type(instance).objects.exclude(pk=instance.pk)
    instance.slug = unique_slug(
        instance.name_ar or instance.name,
        lambda slug: others.filter(slug=slug).exists(),
        max_length=instance._meta.get_field("slug").max_length,
    )


class SectionQuerySet(models.QuerySet):
    def roots(self):
        return self.filter(parent__isnull=True)


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("The section's address; filled from the name when left empty."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Smaller numbers come first in menus.")
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return " › ".join(section.name for section in self.ancestry())

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A section cannot be inside itself.")})
            ancestor = ancestor.parent

    def save(self, *args, **kwargs):
        fill_slug_from_name(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return addresses.address("website:section", self.slug)

    def ancestry(self):
        """This section and its parents, outermost first."""
        chain, section = [], self
        while section is not None:
            chain.append(section)
            section = section.parent
        return list(reversed(chain))

    def descendant_ids(self):
        """Ids of this section and every section below it."""
        children_of = {}
        for pk, parent_id in Section.objects.values_list("pk", "parent_id"):
            children_of.setdefault(parent_id, []).append(pk)
        ids, pending = [], [self.pk]
        while pending:
            pk = pending.pop()
            ids.append(pk)
            pending.extend(children_of.get(pk, []))
        return ids


class Author(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, allow_unicode=True, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A portrait from the photo library."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_slug_from_name(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return addresses.address("website:author", self.slug)
