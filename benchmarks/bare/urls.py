from django.urls import path

from benchmarks.bare.views import BareInsertApi

urlpatterns = [path("insert/", BareInsertApi.as_view(), name="bench_insert")]
