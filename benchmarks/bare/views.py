from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from benchmarks.bare.models import BareRow


class BareRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = BareRow
        fields = ["id", "payload"]


class BareInsertApi(APIView):
    """The baseline: parse JSON, insert one row, answer 201 (no validation, no logic)."""

    authentication_classes: list = []
    parser_classes = [JSONParser]

    def post(self, request):
        serializer = BareRowSerializer(data={"payload": request.data})
        serializer.is_valid(raise_exception=True)
        row = serializer.save()
        return Response({"id": row.pk}, status=status.HTTP_201_CREATED)
