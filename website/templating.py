"""Parts of public pages drawn as HTML by the helpers themselves (boxes, the menu, chrome).

The environment the templates render with is in ``environment.py``.
"""


from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


def render_html(template_name, context=None):
    """A template drawn as HTML that pages include as it is (a part such as a box or the menu).

    Jinja2 gives a plain string, which the page would escape again.
    """
    return mark_safe(render_to_string(template_name, context))
