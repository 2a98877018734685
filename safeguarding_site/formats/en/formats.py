# The site's one language is "en" (its pages and their addresses use that code), but
# its editors are in the UK: dates and times in the admin as British English writes
# them ("30 Nov 2026, 2 p.m."), not American ("Nov. 30, 2026").
from django.conf.locale.en_GB.formats import *  # noqa: F403
