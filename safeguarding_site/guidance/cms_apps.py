from cms.app_base import CMSApp
from cms.apphook_pool import apphook_pool


@apphook_pool.register
class WhatShouldIDoApphook(CMSApp):
    """Attach "What should I do?" to a CMS page; the page's placeholder is its introduction."""

    name = "What should I do?"
    app_name = "guidance"

    def get_urls(self, page=None, language=None, **kwargs):
        return ["safeguarding_site.guidance.urls"]
