"""The secretariat's read-only API: budget versions and contributions (secretariat only)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions as drf_permissions
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.views import APIView

from revmech.secretariat import permissions, services
from revmech.secretariat.models import BudgetLine, BudgetProposal, BudgetVersion, Contribution


class SecretariatOnly(drf_permissions.BasePermission):
    """Anyone else gets 404, as on the pages: the resource does not exist for them."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not permissions.is_secretariat_staff(request.user):
            from django.http import Http404

            raise Http404
        return True


@extend_schema_field(
    {
        "type": "object",
        "properties": {"amount": {"type": "string"}, "currency": {"type": "string"}},
    }
)
class MoneyField(serializers.Field):  # type: ignore[type-arg]
    """An amount as a decimal string with its currency, never a float."""

    def to_representation(self, value: Any) -> dict[str, str]:
        return {"amount": str(value.amount), "currency": str(value.currency)}


class BudgetLineSerializer(serializers.ModelSerializer[BudgetLine]):
    amount = MoneyField()

    class Meta:
        model = BudgetLine
        fields = ["activity", "year", "source", "amount", "description"]


class BudgetVersionSerializer(serializers.ModelSerializer[BudgetVersion]):
    lines = BudgetLineSerializer(many=True)

    class Meta:
        model = BudgetVersion
        fields = ["number", "note", "created_at", "lines"]


class BudgetProposalSerializer(serializers.ModelSerializer[BudgetProposal]):
    versions = BudgetVersionSerializer(many=True)

    class Meta:
        model = BudgetProposal
        fields = ["id", "first_year", "versions"]


class ContributionSerializer(serializers.ModelSerializer[Contribution]):
    amount = MoneyField()
    balance = serializers.SerializerMethodField()

    class Meta:
        model = Contribution
        fields = [
            "id",
            "donor",
            "amount",
            "received_on",
            "purpose",
            "free_of_conditions",
            "balance",
        ]

    @extend_schema_field(MoneyField)
    def get_balance(self, contribution: Contribution) -> dict[str, str]:
        left = services.balance(contribution)
        return {"amount": str(left.amount), "currency": str(left.currency)}


class BudgetViewSet(viewsets.ReadOnlyModelViewSet[BudgetProposal]):
    """Budget proposals of the Mechanism with every version and its lines (P&R paras 49, 50)."""

    permission_classes = [SecretariatOnly]
    serializer_class = BudgetProposalSerializer

    def get_queryset(self) -> QuerySet[BudgetProposal]:
        return BudgetProposal.objects.prefetch_related(
            Prefetch("versions", queryset=BudgetVersion.objects.prefetch_related("lines"))
        ).order_by("-first_year")


class ContributionViewSet(viewsets.ReadOnlyModelViewSet[Contribution]):
    """Voluntary contributions with what is left of each (P&R paras 47, 48)."""

    permission_classes = [SecretariatOnly]
    serializer_class = ContributionSerializer

    def get_queryset(self) -> QuerySet[Contribution]:
        return Contribution.objects.prefetch_related("fundings").order_by("-received_on", "pk")
