from django import template
from django.utils.safestring import mark_safe

from safeguarding_site.directory.phone_links import link_phone_numbers

register = template.Library()


@register.filter
def phone_links(markup):
    """``{{ step.body|phone_links }}``: editors' rich text (trusted HTML, as ``|safe`` treated it), numbers linked."""
    return mark_safe(link_phone_numbers(str(markup or "")))
