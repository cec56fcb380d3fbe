from modeltranslation.translator import TranslationOptions, register

from .models import Article


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("headline", "deck", "lead", "body", "image_caption", "image_alt")
    required_languages = ("ar",)
