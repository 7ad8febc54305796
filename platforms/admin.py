from django.contrib import admin

from platforms.models import ContactChannel, Platform, ProblemType


class ContactChannelInline(admin.TabularInline):
    model = ContactChannel
    fields = ["slug", "kind", "label_en", "address", "verification", "verified_on", "active"]
    extra = 0
    show_change_link = True


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "phone_support", "active"]
    list_filter = ["active", "phone_support"]
    search_fields = ["name", "slug"]
    inlines = [ContactChannelInline]


@admin.register(ContactChannel)
class ContactChannelAdmin(admin.ModelAdmin):
    list_display = [
        "label_en",
        "platform",
        "kind",
        "department",
        "verification",
        "verified_on",
        "active",
    ]
    list_filter = ["platform", "verification", "kind", "department", "audience", "active"]
    search_fields = ["label_en", "label_fr", "address", "slug", "platform__name"]
    filter_horizontal = ["problems"]
    list_select_related = ["platform"]


@admin.register(ProblemType)
class ProblemTypeAdmin(admin.ModelAdmin):
    list_display = ["name_en", "slug", "position"]
    search_fields = ["name_en", "name_fr", "slug"]
