"""Plain Django views of the same data as the gated pages: no gate, no policy, no log.

They exist only to measure what the gate costs (issue 12), in the benchmark's URL configuration.
They still need a signed-in user (LoginRequiredMiddleware) and use the same base template, so
the difference measured is the gate's: reach, facts, decisions, the disclosure rows.
"""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from consent.models import Consent
from families.models import CarerLink, Family, Note, Person, PersonKind

PLAIN_LIST_LIMIT = 200  # the gated start page's list length


@require_safe
def plain_family(request: HttpRequest, reference: str) -> HttpResponse:
    family = Family.objects.select_related("centre").filter(reference=reference).first()
    if family is None:
        raise Http404
    people = sorted(family.people.all(), key=lambda p: (p.kind != PersonKind.ADULT, p.reference))
    relationships: dict[int, list[str]] = defaultdict(list)
    for link in CarerLink.objects.filter(carer__family=family).select_related("child"):
        relationships[link.carer_id].append(f"{link.get_relationship_display()} of {link.child.reference}")
    notes: dict[int, list[Note]] = defaultdict(list)
    for note in Note.objects.filter(subject__family=family).select_related("author").order_by("-created_at", "-id"):
        notes[note.subject_id].append(note)
    rows = [(p, relationships.get(p.pk, []), notes.get(p.pk, [])) for p in people]
    consents = (
        Consent.objects.filter(family=family)
        .select_related("given_by", "withdrawal")
        .prefetch_related("subjects")
        .order_by("-recorded_at", "-id")
    )
    return render(request, "bench/plain_family.html", {"family": family, "rows": rows, "consents": consents})


@require_safe
def plain_start(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    membership = getattr(request.user, "membership", None)
    people = Person.objects.none()
    if membership is not None and membership.centre_id:
        people = Person.objects.filter(family__centre_id=membership.centre_id).select_related("family")
        for term in search.split():
            people = people.filter(
                Q(first_name__icontains=term)
                | Q(last_name__icontains=term)
                | Q(reference__icontains=term)
                | Q(family__reference__iexact=term)
                | Q(family__postcode__icontains=term)
            )
        people = people.order_by("family__reference", "kind", "reference")[:PLAIN_LIST_LIMIT]
    return render(request, "bench/plain_start.html", {"people": people, "search": search})
