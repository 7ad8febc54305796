from rest_framework.routers import SimpleRouter

from platforms.apis import PlatformViewSet, ProblemTypeViewSet

router = SimpleRouter()
router.register("platforms", PlatformViewSet, basename="platform")
router.register("problems", ProblemTypeViewSet, basename="problem")

urlpatterns = router.urls
