from django.db import models
from djangocms_text.fields import HTMLField

from safeguarding_site.directory.models import Situation


class GuideStep(models.Model):
    """One step on a situation's "What should I do?" page.

    Steps fall into three stages, shown in this order, each as a list of its own:
    "Do this now" (numbered: actions, in order), "Do not" and "What happens next".
    Within a stage, ``position`` orders them.
    """

    NOW = "now"
    AVOID = "avoid"
    NEXT = "next"
    STAGE_CHOICES = [(NOW, "Do this now"), (AVOID, "Do not"), (NEXT, "What happens next")]
    STAGE_ORDER = {NOW: 0, AVOID: 1, NEXT: 2}

    situation = models.ForeignKey(Situation, related_name="steps", on_delete=models.CASCADE)
    stage = models.CharField(max_length=10, choices=STAGE_CHOICES, default=NOW)
    position = models.PositiveSmallIntegerField(default=0)
    body = HTMLField(
        help_text="Short sentences, the action first: “Call 999 now.” Each “Do this now” step is something "
        "to do. Give each contact its own line, with its phone number (it becomes a link) or web address."
    )

    class Meta:
        ordering = ["situation", "position", "pk"]

    def __str__(self):
        return f"{self.situation}: {self.get_stage_display()} {self.position}"


def steps_by_stage(situation):
    """The steps grouped by stage, in stage order, leaving out empty stages.

    Only "Do this now" is ``numbered``: the other stages are not actions to take
    in turn, so they are not numbered on from it.
    """
    steps = sorted(situation.steps.all(), key=lambda step: (GuideStep.STAGE_ORDER[step.stage], step.position, step.pk))
    stages = []
    for stage, title in GuideStep.STAGE_CHOICES:
        members = [step for step in steps if step.stage == stage]
        if members:
            stages.append({"stage": stage, "title": title, "steps": members, "numbered": stage == GuideStep.NOW})
    return stages
