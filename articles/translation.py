from modeltranslation.translator import TranslationOptions, register

from .models import Article


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("headline", "slug", "deck", "lead", "body")
    required_languages = ("ar",)
