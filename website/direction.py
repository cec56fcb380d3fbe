"""The language and direction of text whose language is known (a story's headline, a caption).

Such text takes the direction of its language, whatever letter it starts with, and runs of
the other script are isolated (``newsroom.text.isolate_foreign_runs``). ``dir="auto"``, which
follows the first strong letter, is left to text of unknown language: what readers type.
"""

from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

from newsroom.text import text_direction


def language_attributes(language):
    """``dir`` (and ``lang`` when it is not the page's) for text in ``language``, as HTML attributes."""
    language = language or settings.LANGUAGE_CODE
    if language == (get_language() or settings.LANGUAGE_CODE):
        return format_html('dir="{}"', text_direction(language))
    return format_html('lang="{}" dir="{}"', language, text_direction(language))


def field_language(instance, field, language=None):
    """The language a translated ``field`` of ``instance`` is shown in on a page of ``language``
    (the active one by default): that language when the field holds text in it, else Arabic."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return language if getattr(instance, f"{field}_{language}", None) else settings.LANGUAGE_CODE
