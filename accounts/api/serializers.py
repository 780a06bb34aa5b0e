from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers

from .. import throttle
from ..models import User


class TokenRequestSerializer(serializers.Serializer):
    """Credentials exchanged for an API token."""

    username = serializers.CharField(help_text=_("Username or e-mail"))
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False, write_only=True)

    def validate(self, attrs):
        request = self.context.get("request")
        login = attrs["username"]
        if throttle.is_locked(login, request):
            # 429, not 400: the client should wait, not fix its input.
            raise exceptions.Throttled(detail=_("Too many failed attempts. Try again in a few minutes."))
        user = authenticate(request, username=login, password=attrs["password"])
        if user is None:
            throttle.record_failure(login, request)
            raise serializers.ValidationError(_("Unable to log in with the given credentials."),
                                              code="authorization")
        throttle.reset(login, request)
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "preferred_language", "roles"]
        read_only_fields = fields

    def get_roles(self, obj: User) -> list[str]:
        return sorted(g.name for g in obj.groups.all())
