from django import template

from safeguarding_site.directory.models import Situation

register = template.Library()


@register.simple_tag
def situation_choices():
    """``{% situation_choices as situations %}``: every situation (title, slug, is_emergency), emergency first.

    The situations "What should I do?" lists, for another page (the home page) to
    list too: editors change them in one place, the directory's Situations.
    """
    return list(Situation.objects.only("title", "slug", "is_emergency"))
