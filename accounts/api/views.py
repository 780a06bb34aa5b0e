from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from .. import services
from .serializers import MeSerializer, TokenRequestSerializer, TokenResponseSerializer


class TokenView(APIView):
    """Exchanges a username (or e-mail) and password for the user's API token."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    # Per-address rate ("login" in DEFAULT_THROTTLE_RATES) on top of the per-login lockout.
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer})
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        return Response({"token": services.user_token(user=serializer.validated_data["user"])},
                        status=status.HTTP_200_OK)


class MeView(APIView):
    """The authenticated user."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)
