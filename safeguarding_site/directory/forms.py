from django import forms

from .models import Situation


class SituationFilterForm(forms.Form):
    """The directory's filter: a plain GET form, so it works without JavaScript."""

    situation = forms.ModelChoiceField(
        queryset=Situation.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All situations",
        label="What is happening?",
        error_messages={"invalid_choice": "We do not have that situation. Choose one from the list."},
    )
