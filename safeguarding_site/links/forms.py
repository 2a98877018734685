from django import forms

from . import collect


class CheckPageForm(forms.Form):
    """Which published page's links to check."""

    page = forms.TypedChoiceField(
        label="Page", coerce=int, error_messages={"invalid_choice": "Choose a published page from the list."}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].choices = [("", "Choose a page")] + [
            (page.pk, title) for page, title in collect.published_pages()
        ]
