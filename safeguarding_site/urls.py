from cms.sitemaps import CMSSitemap
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from safeguarding_site.directory.sitemaps import ServiceSitemap
from safeguarding_site.editors import checks, review
from safeguarding_site.editors import views as editor_views
from safeguarding_site.guidance.sitemaps import SituationSitemap
from safeguarding_site.pages import views as page_views
from safeguarding_site.search import views as search_views

handler400 = "safeguarding_site.pages.views.bad_request"
handler404 = "safeguarding_site.pages.views.page_not_found"
handler500 = "safeguarding_site.pages.views.server_error"

urlpatterns = [
    path(f"{settings.ADMIN_URL}dashboard/", editor_views.dashboard, name="editors-dashboard"),
    path(
        f"{settings.ADMIN_URL}review/page-version/<int:version_id>/",
        review.submit_page_version,
        name="editors-submit-page-version",
    ),
    path(
        f"{settings.ADMIN_URL}review/directory-draft/<int:draft_id>/",
        review.submit_directory_draft,
        name="editors-submit-directory-draft",
    ),
    path(f"{settings.ADMIN_URL}review/<int:review_id>/decide/", review.decide, name="editors-review-decide"),
    # The content checks on one draft (editors/checks.py).
    path(
        f"{settings.ADMIN_URL}checks/page-version/<int:version_id>/",
        checks.version_checks,
        name="editors-checks-version",
    ),
    path(
        f"{settings.ADMIN_URL}checks/directory-draft/<int:draft_id>/", checks.draft_checks, name="editors-checks-draft"
    ),
    path(
        f"{settings.ADMIN_URL}checks/situation/<int:object_id>/",
        checks.situation_checks,
        name="editors-checks-situation",
    ),
    path(
        f"{settings.ADMIN_URL}checks/page-version/<int:version_id>/phone/",
        checks.phone_preview,
        name="editors-phone-preview",
    ),
    path(f"{settings.ADMIN_URL}checks/service/<int:object_id>/", checks.service_checks, name="editors-checks-service"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("robots.txt", page_views.robots_txt, name="robots_txt"),
    path("favicon.ico", page_views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        page_views.sitemap,  # Django's, on the request's host rather than the Site row's domain
        {"sitemaps": {"pages": CMSSitemap, "services": ServiceSitemap, "situations": SituationSitemap}},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("search/", search_views.search, name="search"),
    # The CMS catch-all last: every other path is a CMS page (or a 404).
    path("", include("cms.urls")),
]
