"""/api/v1/agreements/{pk}/clearance: read an agreement's clearance, start it, approve or return
the step awaiting a decision, resubmit it. The same services as the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from mitra.clearance import rules, selectors, services
from mitra.clearance.models import Clearance
from mitra.clearance.schemas import AgreementClearanceOut, DecisionIn, ReturnIn

router = Router(tags=["clearance"])


def _out(request: HttpRequest, pk: int) -> dict[str, Any]:
    agreement = selectors.agreement_for_clearance(user=request.user, pk=pk)
    clearance: Clearance | None = selectors.clearance_of(user=request.user, pk=pk)
    data: dict[str, Any] = {
        "agreement": agreement.pk,
        "locked": rules.text_locked(agreement, clearance),
        "clearance": None,
        "versions": [
            {"number": v.number, "document": v.document_id, "title": v.document.title}
            for v in selectors.versions_of(agreement)
        ],
    }
    if clearance is not None:
        data["clearance"] = {
            "status": clearance.status,
            "template": clearance.template.name,
            "started_at": clearance.started_at,
            "finished_at": clearance.finished_at,
            "steps": [
                {
                    "order": s.order,
                    "name": s.name,
                    "assignee": rules.assignee_label(s),
                    "mode": s.mode,
                    "condition": s.condition,
                    "days": s.days,
                    "state": s.state,
                    "started_at": s.started_at,
                    "due_at": s.due_at,
                    "decisions": [
                        {
                            "user": d.user.username,
                            "outcome": d.outcome,
                            "comment": d.comment,
                            "version": d.version.number if d.version else None,
                            "decided_at": d.decided_at,
                            "reset": d.superseded_at is not None and d.is_approval,
                        }
                        for d in s.decisions.all()
                    ],
                }
                for s in clearance.steps.all()
            ],
        }
    return data


@router.get("/{int:pk}/clearance", response=AgreementClearanceOut)
def get_clearance(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _out(request, pk)


@router.post("/{int:pk}/clearance", response=AgreementClearanceOut)
def start_clearance(request: HttpRequest, pk: int) -> dict[str, Any]:
    agreement = selectors.agreement_for_clearance(user=request.user, pk=pk)
    services.clearance_start(user=request.user, agreement=agreement)
    return _out(request, pk)


@router.post("/{int:pk}/clearance/approve", response=AgreementClearanceOut)
def approve_step(request: HttpRequest, pk: int, data: DecisionIn) -> dict[str, Any]:
    agreement = selectors.agreement_for_clearance(user=request.user, pk=pk)
    services.step_approve(user=request.user, agreement=agreement, comment=data.comment)
    return _out(request, pk)


@router.post("/{int:pk}/clearance/return", response=AgreementClearanceOut)
def return_step(request: HttpRequest, pk: int, data: ReturnIn) -> dict[str, Any]:
    agreement = selectors.agreement_for_clearance(user=request.user, pk=pk)
    services.step_return(
        user=request.user, agreement=agreement, comment=data.comment, back_to=data.back_to
    )
    return _out(request, pk)


@router.post("/{int:pk}/clearance/resubmit", response=AgreementClearanceOut)
def resubmit_clearance(request: HttpRequest, pk: int) -> dict[str, Any]:
    agreement = selectors.agreement_for_clearance(user=request.user, pk=pk)
    services.clearance_resubmit(user=request.user, agreement=agreement)
    return _out(request, pk)
