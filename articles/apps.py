from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        """Refuse to start on a Django that lacks, or uses differently, an ORM internal the story
        page's devices rely on (compiled.py): they would otherwise break or quietly misbehave."""
        from .compiled import check_orm_internals
        from .models import Article

        check_orm_internals(relations=((Article, "authors"), (Article, "tags")))
