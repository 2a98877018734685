from django import forms

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    """The search box: ``?q=`` (GET, so it works without JavaScript and sets no cookie)."""

    q = forms.CharField(
        label="Search this site",
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "required": "Type a word to search for, such as ‘grooming’.",
            "max_length": f"Your search is too long. Use fewer words: {MAX_QUERY_LENGTH} letters at most.",
        },
        # autocomplete off: the browser keeps no list of past searches to offer the next person at this device.
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
