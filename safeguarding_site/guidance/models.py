from django.db import models
from djangocms_text.fields import HTMLField

from safeguarding_site.directory.models import Situation


class GuideStep(models.Model):
    """One numbered step on a situation's "What should I do?" page.

    Steps fall into three stages, shown in this order: what to do now, what not
    to do, and what happens next. Within a stage, ``position`` orders them.
    """

    NOW = "now"
    AVOID = "avoid"
    NEXT = "next"
    STAGE_CHOICES = [(NOW, "What to do now"), (AVOID, "What not to do"), (NEXT, "What happens next")]
    STAGE_ORDER = {NOW: 0, AVOID: 1, NEXT: 2}

    situation = models.ForeignKey(Situation, related_name="steps", on_delete=models.CASCADE)
    stage = models.CharField(max_length=10, choices=STAGE_CHOICES, default=NOW)
    position = models.PositiveSmallIntegerField(default=0)
    body = HTMLField(help_text="Short sentences, in the second person: “Call 999 now.”")

    class Meta:
        ordering = ["situation", "position", "pk"]

    def __str__(self):
        return f"{self.situation}: {self.get_stage_display()} {self.position}"


def steps_by_stage(situation):
    """The steps grouped by stage, in stage order, leaving out empty stages."""
    steps = sorted(situation.steps.all(), key=lambda step: (GuideStep.STAGE_ORDER[step.stage], step.position, step.pk))
    stages = []
    number = 1  # numbering runs on across stages: step 4 is the first "what not to do"
    for stage, title in GuideStep.STAGE_CHOICES:
        members = [step for step in steps if step.stage == stage]
        if members:
            stages.append({"stage": stage, "title": title, "steps": members, "start": number})
            number += len(members)
    return stages
