from django.urls import path

from platforms import views

# The platform and answer pages show figures, so they live with the snapshots
# (`aggregation.urls`), under the same /platforms/ prefix.
app_name = "platforms"
urlpatterns = [
    path("", views.platform_index, name="platform_list"),
    # Writes a message from a form and stores nothing, so it stays with the catalog.
    path("<slug:slug>/<slug:problem>/draft/", views.draft, name="draft"),
]
