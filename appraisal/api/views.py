"""The appraisal API: cases with their units, transitions, votes and history; acts with their PDF.

Every case endpoint takes its object from the permission-filtered selector, so a case outside the
user's scope is a 404; each transition is its own POST endpoint calling one service."""
from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from holdings.models import Archive, Inventory

from .. import permissions as appraisal_permissions
from .. import selectors, services
from ..choices import ActStatus, CaseStatus
from ..models import CaseUnit, DestructionAct, ExpertCommission, RetentionSchedule
from . import serializers as s

DECIDED = (CaseStatus.APPROVED, CaseStatus.EXECUTED)


class RuleBroken(exceptions.APIException):
    """A workflow rule refused the action (400 with the translated reason in `detail`)."""

    status_code = 400
    default_code = "rule"


def _call(fn, **kwargs):
    """Runs a service, turning its errors into API errors with the translated message."""
    try:
        return fn(**kwargs)
    except services.AppraisalPermissionError as exc:
        raise exceptions.PermissionDenied(str(exc)) from exc
    except services.AppraisalError as exc:
        raise RuleBroken(str(exc)) from exc


def _int_param(params, name: str) -> int | None:
    """An id from the query string: None when absent or not a number (no filter), -1 when out of any
    id's range (a filter that matches nothing, rather than a database error)."""
    try:
        value = int(params[name]) if params.get(name) else None
    except ValueError:
        return None
    return value if value is None or 0 < value < 2 ** 63 else -1


class ByIdPagination(CursorPagination):
    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class ByPositionPagination(ByIdPagination):
    ordering = "position"


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Appraisal cases the user may see (archivists of the archive, members of the commission)."""

    serializer_class = s.CaseSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        params = self.request.query_params
        return selectors.cases_for(self.request.user, status=params.get("status", ""),
                                   archive_id=_int_param(params, "archive"),
                                   commission_id=_int_param(params, "commission"),
                                   awaiting_me=params.get("awaiting_me") in ("1", "true"), q=params.get("q", ""))

    @extend_schema(parameters=[
        OpenApiParameter("status", str), OpenApiParameter("archive", int), OpenApiParameter("commission", int),
        OpenApiParameter("awaiting_me", bool),
        OpenApiParameter("q", str, description="A case number (2026-7) or words of the title")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _detail(self, case, *, refetch: bool = True) -> Response:
        if refetch:  # after a transition: the state, counters and people as they are now
            case = selectors.case_for(self.request.user, case.pk)
        data = s.CaseSerializer(case, context=self.get_serializer_context()).data
        rights = appraisal_permissions.case_rights(self.request.user, case)
        tally = selectors.case_tally(case)
        act = DestructionAct.objects.filter(case=case).first() if case.status in DECIDED else None
        transitions = services.allowed_transitions(case.status)
        if act is None or act.status != ActStatus.APPROVED:  # nothing to execute without an act
            transitions = [t for t in transitions if t != "execute"]
        data.update({
            "tally": {"members": tally.members, "voted": tally.voted, "approvals": tally.approvals,
                      "returns": tally.returns, "quorum_needed": tally.quorum_needed,
                      "majority_needed": tally.majority_needed, "has_quorum": tally.has_quorum,
                      "has_majority": tally.has_majority},
            "allowed_transitions": transitions,
            "rights": {"edit": rights.edit, "vote": rights.vote, "chair": rights.chair,
                       "secretary": rights.secretary, "archivist": rights.archivist},
            "act": s.ActSerializer(act).data if act else None,
        })
        return Response(data)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object(), refetch=False)

    @extend_schema(request=s.CaseCreateSerializer, responses={201: s.CaseSerializer})
    def create(self, request: Request) -> Response:
        data = self._valid(s.CaseCreateSerializer)
        archive = Archive.objects.filter(pk=data["archive"]).first()
        commission = ExpertCommission.objects.filter(pk=data["commission"]).first()
        if archive is None or commission is None:
            raise RuleBroken(_("Unknown archive or commission."))
        inventory = None
        if data.get("inventory"):
            inventory = Inventory.objects.filter(pk=data["inventory"], archive=archive).first()
            if inventory is None:
                raise RuleBroken(_("There is no such inventory in this archive."))
        case = _call(services.appraisal_case_create, actor=request.user, archive=archive, commission=commission,
                     title=data["title"], inventory=inventory, unit_ids=data.get("unit_ids") or [])
        response = self._detail(case)
        response.status_code = 201
        return response

    @extend_schema(request=s.CaseUpdateSerializer, responses={200: s.CaseSerializer})
    def partial_update(self, request: Request, pk=None) -> Response:
        case = self.get_object()
        data = self._valid(s.CaseUpdateSerializer)
        commission = None
        if "commission" in data:
            commission = ExpertCommission.objects.filter(pk=data["commission"]).first()
            if commission is None:
                raise RuleBroken(_("Unknown archive or commission."))
        _call(services.appraisal_case_update, actor=request.user, case=case, title=data.get("title"),
              commission=commission)
        return self._detail(case)

    def _valid(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    # ------------------------------------------------------------ units and proposals
    @extend_schema(responses={200: s.CaseUnitSerializer(many=True)}, parameters=[OpenApiParameter("outcome", str)])
    @action(detail=True, methods=["get"], pagination_class=ByIdPagination, serializer_class=s.CaseUnitSerializer)
    def units(self, request: Request, pk=None) -> Response:
        case = self.get_object()
        qs = selectors.case_units(case, outcome=request.query_params.get("outcome", ""))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.CaseUnitSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(request=s.UnitIdsSerializer, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"], url_path="units/add")
    def units_add(self, request: Request, pk=None) -> Response:
        case = self.get_object()
        data = self._valid(s.UnitIdsSerializer)
        _call(services.appraisal_case_units_add, actor=request.user, case=case, unit_ids=data["unit_ids"])
        return self._detail(case)

    @extend_schema(request=s.CaseUnitIdsSerializer, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"], url_path="units/remove")
    def units_remove(self, request: Request, pk=None) -> Response:
        case = self.get_object()
        data = self._valid(s.CaseUnitIdsSerializer)
        _call(services.appraisal_case_units_remove, actor=request.user, case=case,
              case_unit_ids=data["case_unit_ids"])
        return self._detail(case)

    @extend_schema(request=s.ProposalSerializer, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def proposals(self, request: Request, pk=None) -> Response:
        case = self.get_object()
        data = self._valid(s.ProposalSerializer)
        changes = {k: data[k] for k in ("outcome", "retention_years", "value_category", "note") if k in data}
        if "article" in data:
            number = (data["article"] or "").strip()
            changes["article"] = _call(services.article_by_number, number=number) if number else None
        _call(services.appraisal_case_proposals_set, actor=request.user, case=case,
              case_unit_ids=data["case_unit_ids"], **changes)
        return self._detail(case)

    # ------------------------------------------------------------ transitions
    def _transition(self, service, serializer_class=None, **extra) -> Response:
        case = self.get_object()
        kwargs = dict(extra)
        if serializer_class is not None:
            kwargs.update(self._valid(serializer_class))
        _call(service, actor=self.request.user, case=case, **kwargs)
        return self._detail(case)

    @extend_schema(request=None, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk=None) -> Response:
        """Draft or returned -> submitted (archivists of the case's archive)."""
        return self._transition(services.appraisal_case_submit)

    @extend_schema(request=None, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request: Request, pk=None) -> Response:
        """Submitted -> under review (the chair or the secretary)."""
        return self._transition(services.appraisal_case_start_review)

    @extend_schema(request=s.VoteInputSerializer, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def vote(self, request: Request, pk=None) -> Response:
        """A member's vote in the current round: approve, or return (with a comment)."""
        return self._transition(services.appraisal_case_vote, s.VoteInputSerializer)

    @extend_schema(request=s.ObjectionInputSerializer, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def object(self, request: Request, pk=None) -> Response:
        """A member's objection to the proposal for one unit of the case."""
        case = self.get_object()
        data = self._valid(s.ObjectionInputSerializer)
        case_unit = get_object_or_404(CaseUnit, case=case, pk=data["case_unit"])
        _call(services.appraisal_case_object, actor=request.user, case=case, case_unit=case_unit,
              comment=data["comment"])
        return self._detail(case)

    @extend_schema(request=s.CommentSerializer, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk=None) -> Response:
        """The chair closes the vote: under review -> approved (quorum and majority needed)."""
        return self._transition(services.appraisal_case_approve, s.CommentSerializer)

    @extend_schema(request=s.CommentSerializer, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk=None) -> Response:
        """The chair closes the vote by returning the case with comments (the secretary may before review)."""
        return self._transition(services.appraisal_case_return, s.CommentSerializer)

    @extend_schema(request=s.CommentSerializer, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk=None) -> Response:
        """Draft or returned -> cancelled (archivists of the case's archive)."""
        return self._transition(services.appraisal_case_cancel, s.CommentSerializer)

    @extend_schema(responses={200: s.VoteSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def votes(self, request: Request, pk=None) -> Response:
        case = self.get_object()
        return Response(s.VoteSerializer(selectors.case_votes(case), many=True).data)

    @extend_schema(responses={200: s.EventSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk=None) -> Response:
        case = self.get_object()
        return Response(s.EventSerializer(selectors.case_events(case), many=True).data)


class ActViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Destruction acts, seen by whoever sees their case."""

    serializer_class = s.ActSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        params = self.request.query_params
        return selectors.acts_for(self.request.user, status=params.get("status", ""),
                                  archive_id=_int_param(params, "archive"))

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=ActStatus.values),
                               OpenApiParameter("archive", int)])
    def list(self, request, *args, **kwargs):
        """Acts of the cases the user sees; `?status=approved` lists those awaiting destruction."""
        return super().list(request, *args, **kwargs)

    def get_object(self) -> DestructionAct:
        return selectors.act_for(self.request.user, self.kwargs["pk"])

    @extend_schema(request=s.ActAmendSerializer, responses={200: s.ActSerializer})
    def partial_update(self, request: Request, pk=None) -> Response:
        """Amends the date or legal basis before execution; recorded in the case history."""
        act = self.get_object()
        serializer = s.ActAmendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        act = _call(services.destruction_act_amend, actor=request.user, act=act, **serializer.validated_data)
        return Response(s.ActSerializer(act).data)

    @extend_schema(request=None, responses={200: s.ActSerializer})
    @action(detail=True, methods=["post"])
    def execute(self, request: Request, pk=None) -> Response:
        """Destroys the act's units (tombstones), deletes their files, writes deletion events."""
        act = self.get_object()
        act = _call(services.destruction_act_execute, actor=request.user, act=act)
        return Response(s.ActSerializer(selectors.act_for(request.user, act.pk)).data)

    @extend_schema(responses={200: s.ActItemSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=ByPositionPagination, serializer_class=s.ActItemSerializer)
    def items(self, request: Request, pk=None) -> Response:
        act = self.get_object()
        page = self.paginate_queryset(selectors.act_items(act))
        return self.get_paginated_response(s.ActItemSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(parameters=[OpenApiParameter("lang", str, enum=["kk", "ru"])],
                   responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk=None) -> HttpResponse:
        act = self.get_object()
        language = request.query_params.get("lang") or ("kk" if (request.LANGUAGE_CODE or "")[:2] == "kk" else "ru")
        if language not in ("kk", "ru"):
            raise RuleBroken(_("The act is printed in Kazakh (kk) or Russian (ru)."))
        from ..pdf import act_pdf  # fpdf loads slowly; only PDF requests pay for it
        response = HttpResponse(act_pdf(act, user=request.user, language=language), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="destruction-act-{act.number}-{language}.pdf"'
        return response


class ScheduleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Versions of the retention schedule and their articles (readable by any signed-in user)."""

    serializer_class = s.ScheduleSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = RetentionSchedule.objects.all()

    @extend_schema(responses={200: s.ArticleSerializer(many=True)}, parameters=[OpenApiParameter("q", str)])
    @action(detail=True, methods=["get"], pagination_class=ByIdPagination, serializer_class=s.ArticleSerializer)
    def articles(self, request: Request, pk=None) -> Response:
        schedule = self.get_object()
        page = self.paginate_queryset(selectors.articles(schedule, q=request.query_params.get("q", "")[:100]))
        return self.get_paginated_response(s.ArticleSerializer(page, many=True).data)


class CommissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Commissions the user manages or sits on."""

    serializer_class = s.CommissionSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.commissions_for(self.request.user)
