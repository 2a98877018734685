from django.contrib import admin

from safeguarding_site.directory.admin import SituationAdmin
from safeguarding_site.directory.models import Situation

from .models import GuideStep


class GuideStepInline(admin.StackedInline):
    model = GuideStep
    extra = 1
    fields = ["stage", "position", "body"]
    ordering = ["stage", "position"]


# Steps are edited with their situation: one screen for its services and its steps.
admin.site.unregister(Situation)


@admin.register(Situation)
class SituationWithStepsAdmin(SituationAdmin):
    inlines = [*SituationAdmin.inlines, GuideStepInline]
