from django.contrib.sitemaps.views import sitemap
from django.urls import path

from aggregation.views import open_data
from config.privacy import privacy

# No namespace: /methodology/, /privacy/, /sitemap.xml and /robots.txt sit at the root of
# the site.
urlpatterns = [
    path("methodology/", open_data.methodology, name="methodology"),
    path("privacy/", privacy, name="privacy"),
    path("sitemap.xml", sitemap, {"sitemaps": open_data.SITEMAPS}, name="sitemap"),
    path("robots.txt", open_data.robots_txt, name="robots_txt"),
]
