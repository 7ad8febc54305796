from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.health import healthz
from config.languages import language_choose
from surveys.apis import api_not_found

# Swagger UI's script adds one <style> element of its own: that one is allowed, by its hash
# (it follows the pinned drf-spectacular-sidecar), on the docs page only.
SWAGGER_STYLE = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"
api_docs = csp_update({"style-src": ["'self'", SWAGGER_STYLE]})(
    SpectacularSwaggerSplitView.as_view(url_name="api_schema")
)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/", language_choose, name="language_choose"),
    path("admin/", admin.site.urls),
    # First: its password change asks a session that owes its two-factor code for it.
    path("accounts/", include("moderation.twofactor_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("moderation/", include("moderation.urls")),
    path("report/", include("surveys.urls")),
    path("is-it-official/", include("surveys.official_urls")),
    path("circle/", include("circles.urls")),
    path("platforms/", include("platforms.urls")),
    path("", include("aggregation.open_data_urls")),
    path("", include("aggregation.urls")),
    path("api/", include("aggregation.api_urls")),
    path("api/", include("platforms.api_urls")),
    path("api/", include("surveys.api_urls")),
    path("api/", include("moderation.api_urls")),
    path("api/", include("circles.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves Swagger UI's start-up script from a URL of its own (`?script`),
    # which the Content-Security-Policy allows, instead of inline.
    path("api/docs/", api_docs, name="api_docs"),
    # Last: any other /api/ path ending in a slash (an id that is no number, a slug with a
    # slash in it) gets the API's JSON 404, not the site's HTML page.
    re_path(r"^api/(?P<path>[\s\S]+/)$", api_not_found, name="api_not_found"),
]
