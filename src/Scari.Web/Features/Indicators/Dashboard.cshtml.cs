using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Indicators;

[Authorize(Roles = $"{Roles.Administrador},{Roles.Coordinador}")]
public sealed class DashboardModel(IndicatorCounter counter, IndicatorDefinitions definitions, CutoffDrift drift, Coverage coverage, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "corte")] public string? Corte { get; set; }
    /// <summary>Sort of the coverage table: cobertura, nombre, formadas or poblacion.</summary>
    [BindProperty(SupportsGet = true, Name = "orden")] public string? Orden { get; set; }
    [BindProperty(SupportsGet = true, Name = "dir")] public string? Dir { get; set; }

    public IReadOnlyList<IndicatorDefinition> Indicators => definitions.All;
    public IndicatorResult? Result { get; private set; }
    public DateOnly Cutoff { get; private set; }
    public string? DateError { get; private set; }
    /// <summary>Administrators only: the latest publication of this indicator beside today's recount of its date.</summary>
    public Drift? Drift { get; private set; }
    public CoverageView? Coverage { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? indicador, CancellationToken ct)
    {
        var scope = IndicatorScope.For(HttpContext.Account());
        if (scope is null) return Forbid();
        var indicator = indicador is null ? definitions.All.FirstOrDefault() : definitions.Find(indicador);
        if (indicator is null) return indicador is null ? Page() : NotFound();

        Cutoff = Bogota.Today(clock);
        if (!string.IsNullOrEmpty(Corte))
        {
            if (IndicatorLinks.ParseDate(Corte) is { } d) Cutoff = d;
            else DateError = "La fecha de corte no es válida: elíjala en el calendario o escríbala como 2026-03-31. Se muestra el avance a hoy.";
        }
        Result = await counter.DashboardAsync(indicator, Cutoff, scope, ct);
        if (User.IsInRole(Roles.Administrador)) Drift = await drift.LatestAsync(indicator.Id, ct);
        Coverage = CoverageView.Of(await coverage.ForAsync(Result, ct), Result, Orden, Dir, $"/admin/indicadores/{indicator.Id}?corte={IndicatorLinks.Date(Cutoff)}");
        return Page();
    }

    public string People(params (string Key, string? Value)[] filters) => IndicatorLinks.People(Result!.Indicator.Id, Cutoff, filters);
}

public sealed record GroupTable(string Caption, string Header, string Parameter, IReadOnlyList<GroupRow> Rows, DashboardModel Page);
