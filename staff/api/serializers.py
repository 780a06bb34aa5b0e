"""Input and output shapes of the staff API. Money is a decimal string, never a float."""
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.validators import validate_iin
from holdings.models import Archive

from ..models import RATE_MAX, RATE_MIN, Position, StaffMember


class AllowanceLineSerializer(serializers.Serializer):
    """One line of the calculation, with everything needed to check its amount."""

    staff_member = serializers.IntegerField(source="staff_member.pk")
    staff_member_name = serializers.CharField(source="staff_member.full_name")
    archive = serializers.IntegerField(source="archive.pk")
    archive_code = serializers.CharField(source="archive.code")
    archive_name = serializers.CharField(source="archive.name")
    region = serializers.CharField(source="archive.region.code")
    position = serializers.CharField(source="position.title")
    is_specialist = serializers.BooleanField(source="position.is_specialist")
    is_rural = serializers.BooleanField()
    month = serializers.CharField(source="month_label")
    period_start = serializers.DateField(source="start")
    period_end = serializers.DateField(source="end")
    base_salary = serializers.DecimalField(max_digits=12, decimal_places=2)
    days = serializers.IntegerField()
    days_in_month = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=4, decimal_places=3)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    rule = serializers.IntegerField(source="rule.pk")
    rule_name = serializers.CharField(source="rule.name")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


def line_data(ln) -> dict:
    """One line as AllowanceLineSerializer shows it, built directly: thousands of lines per answer, and
    DRF's field machinery took seconds for them. tests/staff/test_api.py checks both give the same."""
    return {
        "staff_member": ln.staff_member.pk, "staff_member_name": ln.staff_member.full_name,
        "archive": ln.archive.pk, "archive_code": ln.archive.code, "archive_name": ln.archive.name,
        "region": ln.archive.region.code, "position": ln.position.title, "is_specialist": ln.position.is_specialist,
        "is_rural": ln.is_rural, "month": ln.month_label, "period_start": ln.start.isoformat(),
        "period_end": ln.end.isoformat(), "base_salary": f"{ln.base_salary:.2f}", "days": ln.days,
        "days_in_month": ln.days_in_month, "rate": f"{ln.rate:.3f}", "percent": f"{ln.percent:.2f}",
        "rule": ln.rule.pk, "rule_name": ln.rule.name, "amount": f"{ln.amount:.2f}",
    }


class AllowancesSerializer(serializers.Serializer):
    """The answer of GET /api/v1/allowances/."""

    month = serializers.CharField()
    archive = serializers.CharField(allow_null=True, help_text="Archive code, when the report is for one archive.")
    region = serializers.CharField(allow_null=True, help_text="Region code, when the report is for one region.")
    count = serializers.IntegerField()
    lines = AllowanceLineSerializer(many=True)
    total = serializers.DecimalField(max_digits=16, decimal_places=2)


class PositionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)

    class Meta:
        model = Position
        fields = ["id", "title", "title_kk", "title_ru", "is_specialist", "category"]


class StaffArchiveSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Archive
        fields = ["id", "code", "name", "region"]


class StaffMemberSerializer(serializers.ModelSerializer):
    """A staff member as the API shows it."""

    full_name = serializers.CharField(read_only=True)
    archive = StaffArchiveSerializer(read_only=True)
    position = PositionSerializer(read_only=True)
    user = serializers.IntegerField(source="user_id", read_only=True, allow_null=True)
    url = serializers.HyperlinkedIdentityField(view_name="staff-member-detail")

    class Meta:
        model = StaffMember
        fields = ["id", "url", "last_name", "first_name", "middle_name", "full_name", "iin", "archive", "position",
                  "rate", "employment_start", "employment_end", "user"]


class StaffMemberCreateSerializer(serializers.Serializer):
    """Hiring through the API: the archive must be one the administrator manages."""

    last_name = serializers.CharField(max_length=100)
    first_name = serializers.CharField(max_length=100)
    middle_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    iin = serializers.CharField(min_length=12, max_length=12, validators=[validate_iin])
    archive = serializers.PrimaryKeyRelatedField(queryset=Archive.objects.none())
    position = serializers.PrimaryKeyRelatedField(queryset=Position.objects.all())
    rate = serializers.DecimalField(max_digits=4, decimal_places=3, min_value=RATE_MIN, max_value=RATE_MAX,
                                    default=Decimal("1"))
    employment_start = serializers.DateField()
    employment_end = serializers.DateField(required=False, allow_null=True, default=None)
    base_salary = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    basis = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def __init__(self, *args, archives=None, **kwargs):
        super().__init__(*args, **kwargs)
        if archives is not None:
            self.fields["archive"].queryset = archives

    def validate(self, attrs):
        end = attrs.get("employment_end")
        if end and end < attrs["employment_start"]:
            raise serializers.ValidationError(
                {"employment_end": _("The end of employment cannot come before its start.")})
        return attrs
