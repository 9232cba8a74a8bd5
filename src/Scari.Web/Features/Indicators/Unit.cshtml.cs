using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// One dependencia or colegio: its population as of the cut-off (date and source), the history of its figures, and
/// the coverage of each indicator of its audience with a drill-down to the people. Administrators see every unit,
/// a coordinator only their own.
/// </summary>
[Authorize(Roles = $"{Roles.Administrador},{Roles.Coordinador}")]
public sealed class UnitModel(IndicatorCounter counter, IndicatorDefinitions definitions, Populations populations, ScariDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "corte")] public string? Corte { get; set; }

    public PopulationKind Kind { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public DateOnly Cutoff { get; private set; }
    public UnitPopulation? Population { get; private set; }
    public IReadOnlyList<UnitPopulation> History { get; private set; } = [];
    public List<(IndicatorDefinition Indicator, CoverageRow Row)> Indicators { get; } = [];
    public int UnitId { get; private set; }

    public async Task<IActionResult> OnGetAsync(string tipo, int id, CancellationToken ct)
    {
        var account = HttpContext.Account();
        var scope = IndicatorScope.For(account);
        if (scope is null) return Forbid();
        Kind = tipo == "dependencias" ? PopulationKind.Dependencias : PopulationKind.Colegios;
        UnitId = id;
        var inScope = scope.Everyone || (Kind == PopulationKind.Dependencias ? scope.DependenciaId == id : scope.ColegioId == id);
        var unit = Kind == PopulationKind.Dependencias
            ? await db.Dependencias.AsNoTracking().Where(d => d.Id == id).Select(d => new { d.Code, d.Name }).FirstOrDefaultAsync(ct)
            : await db.Colegios.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.Code, c.Name }).FirstOrDefaultAsync(ct);
        if (unit is null || !inScope) return NotFound();
        (Code, Name) = (unit.Code, unit.Name);
        Cutoff = IndicatorLinks.ParseDate(Corte) ?? Bogota.Today(clock);

        Population = (await populations.AtAsync(Kind, Cutoff, ct, id)).GetValueOrDefault(id);
        History = await populations.HistoryAsync(Kind, id, ct);
        var audience = Kind == PopulationKind.Dependencias ? Audience.Staff : Audience.Student;
        foreach (var indicator in definitions.All.Where(i => i.Audience == audience))
        {
            var result = await counter.DashboardAsync(indicator, Cutoff, scope, ct);
            var mine = (result.Partition ?? []).Where(p => (Kind == PopulationKind.Dependencias ? p.DependenciaId : p.ColegioId) == id).ToList();
            Indicators.Add((indicator, new CoverageRow(id, Code, Name, mine.Sum(p => p.People),
                mine.Where(p => p.Vinculo == Vinculo.Planta).Sum(p => p.People), mine.Where(p => p.Vinculo == Vinculo.Contratista).Sum(p => p.People), Population)));
        }
        return Page();
    }

    public string People(IndicatorDefinition indicator, string? vinculo = null) => Kind == PopulationKind.Dependencias
        ? IndicatorLinks.People(indicator.Id, Cutoff, ("dependencia", UnitId.ToString(Bogota.Culture)), ("vinculo", vinculo))
        : IndicatorLinks.People(indicator.Id, Cutoff, ("colegio", UnitId.ToString(Bogota.Culture)));
}
