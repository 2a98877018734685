import html

from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.utils.html import strip_tags
from djangocms_text.fields import HTMLField, HTMLFormField

from safeguarding_site.directory.admin import SituationAdmin
from safeguarding_site.directory.models import Situation

from .models import GuideStep


def has_words(markup):
    """Whether HTML has any text a visitor would read (an empty editor posts "<p></p>")."""
    return bool(html.unescape(strip_tags(markup or "")).replace("\xa0", " ").strip())


class StepBodyField(HTMLFormField):
    """A step's text as djangocms-text's editor posts it.

    The editor posts "<p></p>" when empty, so the empty form the admin adds for
    a new step looked filled in and was saved as a blank step. Here an editor
    with no words is empty: an untouched new-step form is not a change (so not
    saved), and a step with no words is refused with a message.
    """

    default_error_messages = {"required": "Write what this step says, or remove the step."}

    def to_python(self, value):
        value = super().to_python(value)
        return value if has_words(value) else ""


class GuideStepInline(admin.StackedInline):
    model = GuideStep
    extra = 1
    fields = ["stage", "position", "body"]
    ordering = ["stage", "position"]
    # AdminTextareaWidget: djangocms-text swaps it for its editor with the admin's styles.
    formfield_overrides = {HTMLField: {"form_class": StepBodyField, "widget": AdminTextareaWidget}}


# Steps are edited with their situation: one screen for its services and its steps.
admin.site.unregister(Situation)


@admin.register(Situation)
class SituationWithStepsAdmin(SituationAdmin):
    inlines = [*SituationAdmin.inlines, GuideStepInline]
