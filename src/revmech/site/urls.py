"""Root URLs: public pages, the API with its schema and docs, admin, sign-in, language switch."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from revmech.lots.api import DrawViewSet
from revmech.registry.api import InstrumentViewSet, StateViewSet
from revmech.reviews.api import CountryReviewViewSet
from revmech.site import views

router = DefaultRouter()
router.register("states", StateViewSet, basename="state")
router.register("instruments", InstrumentViewSet, basename="instrument")
router.register("draws", DrawViewSet, basename="draw")
router.register("reviews", CountryReviewViewSet, basename="review")

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path(
        "accounts/login/",
        login_not_required(auth_views.LoginView.as_view()),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("revmech.registry.urls")),
    path("lots/", include("revmech.lots.urls")),
    path("reviews/", include("revmech.reviews.urls")),
    path("audit/", include("revmech.audit.urls")),
    path("people/", include("revmech.accounts.urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("admin/", admin.site.urls),
]
