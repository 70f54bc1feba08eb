"""Reach-area figures (issue 14, ¶19–22): the page and its CSV export. Thin: the gate says who may
see them, ``figures`` counts and suppresses, ``services`` records the group access."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from centres.models import Centre
from config import csv_safe
from sharing import charts, gate, services
from sharing import figures as figures_module
from sharing.figures_forms import FiguresForm
from sharing.models import SharingProtocol
from sharing.policy.facts import Viewer
from sharing.vocabulary import Capability, ProtocolData, ProtocolStatus

NO_SUCH_CENTRE = "There is no centre with that name"
NO_SUCH_PROTOCOL = "There is no active protocol for group figures with that number"


def _figure_protocols(centre: Centre):
    """The centre's active protocols that cover group figures (¶23): what an export to a partner
    may name."""
    return SharingProtocol.objects.filter(
        centre=centre, status=ProtocolStatus.ACTIVE, data_shared__in=[ProtocolData.FIGURES, ProtocolData.BOTH]
    )


def _question(request: HttpRequest) -> tuple[Viewer, FiguresForm, Centre, figures_module.Period]:
    viewer = gate.require(request.user, Capability.VIEW_FIGURES)
    # The gate says whose figures: one centre is simply shown; someone who looks across several
    # (the Caldicott Guardian) chooses one at a time on the page.
    centres = gate.centres_for(request.user, Capability.VIEW_FIGURES)
    choices = [(c.slug, c.name) for c in centres] if len(centres) > 1 else None
    form = FiguresForm(request.GET or None, centres=choices)
    valid = bool(request.GET) and form.is_valid()
    slug = form.cleaned_data.get("centre") if valid and choices else ""
    centre = next((c for c in centres if c.slug == slug), centres[0] if centres else None)
    if centre is None:
        raise Http404(NO_SUCH_CENTRE)
    default = figures_module.Period.default()
    return viewer, form, centre, form.period(default) if valid else default


def _filters(centre: Centre, period: figures_module.Period) -> dict:
    return {"centre": centre.slug, "from": period.start.isoformat(), "to": period.end.isoformat()}


def _charts(result: figures_module.Figures) -> dict:
    trend = result.trend
    months = charts.short_labels([row.label for row in trend.rows])

    def series(column: int) -> list[charts.Bar]:
        return [charts.Bar(label, row.cells[column].value, row.cells[column].suppressed)
                for label, row in zip(months, trend.rows, strict=True)]

    def by_area(table: figures_module.Table, label: str) -> list[charts.Bar]:
        row = next(r for r in table.rows if r.label == label)
        return [charts.Bar(area, cell.value, cell.suppressed, emphasis=index == len(row.cells) - 1)
                for index, (area, cell) in enumerate(zip(table.columns, row.cells, strict=True))]

    tables = {t.slug: t for t in result.tables}
    return {
        "trend_feeding": charts.bar_chart(
            chart_id="chart-trend-feeding", title="Breastfed at the 6 to 8 week review, month by month (percent)",
            bars=series(2), described_by="table-trend"),
        "trend_reviews": charts.bar_chart(
            chart_id="chart-trend-reviews", title="Reviews completed on time, month by month (percent)",
            bars=series(5), described_by="table-trend"),
        "area_feeding": charts.bar_chart(
            chart_id="chart-area-feeding",
            title="Breastfed at the 6 to 8 week review: the centre against its reach-area sectors (percent)",
            bars=by_area(tables["breastfeeding"], "6 to 8 week review: breastfed (rate)"),
            described_by="table-breastfeeding"),
        "area_consent": charts.bar_chart(
            chart_id="chart-area-consent",
            title="Families with active explicit consent: the centre against its reach-area sectors (percent)",
            bars=by_area(tables["parents"], "Families with active explicit consent (rate)"),
            described_by="table-parents"),
    }


@require_safe
def figures(request: HttpRequest) -> HttpResponse:
    viewer, form, centre, period = _question(request)
    result = figures_module.figures_for(centre=centre, period=period)
    # No individual is revealed, so no disclosure rows; the group access is on the trail.
    services.trail_access_record(viewer=viewer, page="figures", filters=_filters(centre, period),
                                 centre_id=centre.pk)
    response = render(request, "figures/page.html", {
        "form": form, "figures": result, "charts": _charts(result), "query": request.GET.urlencode(),
        "protocols": list(_figure_protocols(centre)), "today": timezone.localdate(),
        "question": {k: v for k, v in request.GET.items() if k in ("centre", "date_from", "date_to")},
    })
    add_never_cache_headers(response)
    return response


@require_safe
def export(request: HttpRequest) -> HttpResponse:
    viewer, _, centre, period = _question(request)
    result = figures_module.figures_for(centre=centre, period=period)
    protocol = None
    if request.GET.get("protocol"):
        # ¶23: figures exported to a partner name the protocol they are shared under.
        number = request.GET["protocol"]
        protocol = _figure_protocols(centre).filter(pk=int(number)).first() if number.isdigit() else None
        if protocol is None:
            raise Http404(NO_SUCH_PROTOCOL)
    filters = _filters(centre, period)
    if protocol is not None:
        filters.update(protocol=protocol.pk, partner=protocol.partner)
    services.trail_access_record(viewer=viewer, page="figures-export", filters=filters, centre_id=centre.pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="figures-{centre.slug}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv"'
    )
    add_never_cache_headers(response)
    writer = csv_safe.writer(response)  # every cell made formula-safe by the writer
    if protocol is not None:
        flag = " This protocol is past its review date: review it with the partner." if protocol.past_review(
            timezone.localdate()) else ""
        writer.writerow([(
            f"Shared with {protocol.partner} under the information sharing protocol {protocol.pk} "
            f"(purpose: {protocol.purpose}; legal basis: {protocol.get_legal_basis_display()}; "
            f"review date: {protocol.review_date.isoformat()}).{flag}"
        )])
    for row in figures_module.csv_rows(result):
        writer.writerow(row)
    writer.writerow([])
    writer.writerow([(
        f"{figures_module.SUPPRESSED}: suppressed (from 1 to {result.threshold - 1}, or could be worked out "
        f"from another figure). Exported {timezone.localtime():%Y-%m-%d %H:%M}."
    )])
    return response

