from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config.languages import language_choose

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/", language_choose, name="language_choose"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include("moderation.twofactor_urls")),
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
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
]

if settings.BENCHMARK_VIEWS:
    # Only when benchmarks/submissions.py runs the server (BENCHMARK_VIEWS=1).
    urlpatterns.append(path("bench/", include("benchmarks.bare.urls")))
