from django import forms


class SituationFilterForm(forms.Form):
    """The directory's filter: a plain GET form, so it works without JavaScript.

    Its choices are the situations the page lists anyway (passed in, already
    read with their services), so the form costs no query of its own.
    """

    situation = forms.ChoiceField(
        required=False,
        label="What is happening?",
        error_messages={"invalid_choice": "We do not have that situation. Choose one from the list."},
    )

    def __init__(self, data=None, *, situations, initial=None):
        super().__init__(data, initial=initial)
        self.situations = {situation.slug: situation for situation in situations}
        self.fields["situation"].choices = [("", "All situations")] + [
            (situation.slug, situation.title) for situation in situations
        ]

    def clean_situation(self):
        """The chosen Situation, or None for all of them."""
        return self.situations.get(self.cleaned_data["situation"])
