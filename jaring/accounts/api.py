from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .models import User


class MeSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display")
    branch = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    kelurahan = serializers.SlugRelatedField(slug_field="kode", read_only=True)

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "role", "role_label", "branch", "kelurahan"]


@extend_schema(tags=["akun"], responses=MeSerializer)
@api_view(["GET"])
def me(request):
    """The calling user, with their role and what they are bound to."""
    return Response(MeSerializer(request.user).data)
