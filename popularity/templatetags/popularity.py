from django import template

from .. import counter

register = template.Library()


@register.inclusion_tag("includes/most_read.html")
def most_read_box():
    return {"stories": counter.sidebar()}


@register.inclusion_tag("includes/view_beacon.html")
def view_beacon(article):
    return {"article": article}
