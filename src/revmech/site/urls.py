"""Root URLs: public pages, the API with its schema and docs, admin, sign-in, language switch."""

from allauth.account.decorators import (  # type: ignore[import-untyped, unused-ignore]
    secure_admin_login,
)
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from revmech.civil_society.api import BriefingViewSet, InvitationViewSet
from revmech.followup.api import AnalysisView, GoodPracticeViewSet, NeedViewSet, ObservationViewSet
from revmech.lots.api import DrawViewSet
from revmech.meetings.api import SessionViewSet
from revmech.registry.api import InstrumentViewSet, StateViewSet
from revmech.reports.api import ReportViewSet
from revmech.reviews.api import CountryReviewViewSet, ReviewSecretariatViewSet
from revmech.secretariat.api import BudgetViewSet, ContributionViewSet
from revmech.site import views

# The admin signs in through allauth like every page, so it cannot skip the second factor.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# No format suffixes (`/api/reviews/1/events.json`): the API speaks JSON (`?format=api` gives the
# browsable page), and the suffix routes reached actions that take no `format` (a 500).
router = DefaultRouter()
router.include_format_suffixes = False
router.register("states", StateViewSet, basename="state")
router.register("instruments", InstrumentViewSet, basename="instrument")
router.register("draws", DrawViewSet, basename="draw")
router.register("reviews", CountryReviewViewSet, basename="review")
router.register("review-secretariat", ReviewSecretariatViewSet, basename="review-secretariat")
router.register("sessions", SessionViewSet, basename="session")
router.register("reports", ReportViewSet, basename="report")
router.register("briefings", BriefingViewSet, basename="briefing")
router.register("invitations", InvitationViewSet, basename="invitation")
router.register("secretariat/budgets", BudgetViewSet, basename="secretariat-budget")
router.register(
    "secretariat/contributions", ContributionViewSet, basename="secretariat-contribution"
)
router.register("needs", NeedViewSet, basename="need")
router.register("observations", ObservationViewSet, basename="observation")
router.register("good-practices", GoodPracticeViewSet, basename="good-practice")

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Sign-in, password reset and the second factor (allauth): `account_login`, `mfa_index`…
    path("accounts/", include("allauth.urls")),
    path("", include("revmech.registry.urls")),
    path("lots/", include("revmech.lots.urls")),
    path("reviews/", include("revmech.reviews.urls")),
    path("questionnaires/", include("revmech.questionnaires.urls")),
    path("audit/", include("revmech.audit.urls")),
    path("meetings/", include("revmech.meetings.urls")),
    path("reports/", include("revmech.reports.urls")),
    path("followup/", include("revmech.followup.urls")),
    path("civil-society/", include("revmech.civil_society.urls")),
    path("secretariat/", include("revmech.secretariat.urls")),
    path("people/", include("revmech.accounts.urls")),
    path("exports/", include("revmech.jobs.urls")),
    path("api/analysis/", AnalysisView.as_view(), name="analysis-figures"),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The Swagger UI's script from its own address (no inline script, docs/security.md), ReDoc
    # without outside fonts; the docs pages answer OPTIONS with 405 rather than look for a
    # template they do not have.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", metadata_class=None),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(
            url_name="schema", metadata_class=None, template_name="site/redoc.html"
        ),
        name="api-redoc",
    ),
    path("admin/", admin.site.urls),
]

# Addresses that match no pattern: a JSON answer under /api/, the site's page elsewhere.
handler404 = "revmech.site.views.not_found"

if settings.REVMECH_BENCH:  # `make bench` only: no name, so outside the access table
    urlpatterns.append(path("bench/bare/", views.bench_bare))
