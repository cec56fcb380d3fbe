"""Tag input for Arabic editors: the Arabic comma separates tags like the Latin one."""

from taggit.utils import _edit_string_for_tags, _parse_tags

ARABIC_COMMA = "\u060c"


def tags_from_string(text):
    return _parse_tags((text or "").replace(ARABIC_COMMA, ","))


def tags_to_string(tags):
    return _edit_string_for_tags(tags)
