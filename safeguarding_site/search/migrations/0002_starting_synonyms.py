"""The starting list of words that mean the same to someone searching; Publishers extend it in the admin.

Runs once, on new and running sites alike; after that the database is the truth.
Other forms of a word need no row (the stemmer finds "abused" for "abuse",
"grooming" for "groom"): these are different words for the same thing.
"""

from django.db import migrations

STARTING_SYNONYMS = [
    "paedophile, paedo, pedophile, offender",
    "child, children, kid",
    "internet, online",
    "image, picture, photo, video",
    "worried, concerned",
]


def add_starting_synonyms(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for words in STARTING_SYNONYMS:
        Synonym.objects.get_or_create(words=words)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_synonyms")]

    operations = [migrations.RunPython(add_starting_synonyms, migrations.RunPython.noop)]
