from django.contrib import admin

from platforms.models import ContactChannel, Platform, ProblemType
from platforms.services import catalog_touch


class CatalogAdmin(admin.ModelAdmin):
    """Every catalog edit in the admin expires the pages cached with the old catalog."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        catalog_touch()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        catalog_touch()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        catalog_touch()


class ContactChannelInline(admin.TabularInline):
    model = ContactChannel
    fields = ["slug", "kind", "label_en", "address", "verification", "sourced_on", "active"]
    extra = 0
    show_change_link = True


@admin.register(Platform)
class PlatformAdmin(CatalogAdmin):
    list_display = ["name", "slug", "phone_support", "active"]
    list_filter = ["active", "phone_support"]
    search_fields = ["name", "slug"]
    inlines = [ContactChannelInline]


@admin.register(ContactChannel)
class ContactChannelAdmin(CatalogAdmin):
    list_display = [
        "label_en",
        "platform",
        "kind",
        "department",
        "verification",
        "sourced_on",
        "active",
    ]
    list_filter = ["platform", "verification", "kind", "department", "audience", "active"]
    search_fields = ["label_en", "label_fr", "address", "slug", "platform__name"]
    filter_horizontal = ["problems"]
    list_select_related = ["platform"]


@admin.register(ProblemType)
class ProblemTypeAdmin(CatalogAdmin):
    list_display = ["name_en", "slug", "position"]
    search_fields = ["name_en", "name_fr", "slug"]
