from cms.app_base import CMSApp
from cms.apphook_pool import apphook_pool


@apphook_pool.register
class DirectoryApphook(CMSApp):
    """Attach the directory to a CMS page ("Get help: who to contact").

    The page's own "content" placeholder is the directory's introduction; the
    services and situations come from the directory's models.
    """

    name = "Signposting directory"
    app_name = "directory"

    def get_urls(self, page=None, language=None, **kwargs):
        return ["safeguarding_site.directory.urls"]
