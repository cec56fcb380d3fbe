from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom import addresses


def srcset(files, image_format):
    return ", ".join(f"{addresses.media(entry[image_format])} {entry['width']}w" for entry in files)


def picture(photo, rendition, sizes="100vw", loading="lazy", css_class="", alt=None):
    """A <picture> with WebP and JPEG ``srcset`` of one rendition, and the width and height that reserve its space.

    ``loading="eager"`` is for the photo at the top of a page: it also asks for it first.
    """
    if photo is None:
        return ""
    files = photo.rendition(rendition)
    if not files:
        return ""
    fallback = files[min(1, len(files) - 1)]
    priority = mark_safe(' fetchpriority="high"' if loading == "eager" else ' loading="lazy"')
    return format_html(
        '<picture><source type="image/webp" srcset="{webp}" sizes="{sizes}">'
        '<img src="{src}" srcset="{jpeg}" sizes="{sizes}" width="{width}" height="{height}" alt="{alt}"'
        '{priority} decoding="async"{css}></picture>',
        webp=srcset(files, "webp"),
        jpeg=srcset(files, "jpeg"),
        sizes=sizes,
        src=addresses.media(fallback["jpeg"]),
        width=fallback["width"],
        height=fallback["height"],
        alt=photo.description if alt is None else alt,
        priority=priority,
        css=format_html(' class="{}"', css_class) if css_class else "",
    )

