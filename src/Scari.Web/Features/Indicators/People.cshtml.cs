using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Learning;
using Scari.Web.Features.Shared;

namespace Scari.Web.Features.Indicators;

/// <summary>The people behind a number of the dashboard, scoped like the dashboard itself.</summary>
[Authorize(Roles = $"{Roles.Administrador},{Roles.Coordinador}")]
public sealed class PeopleModel(IndicatorCounter counter, IndicatorDefinitions definitions, ScariDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Corte { get; set; }
    [BindProperty(SupportsGet = true)] public string? Curso { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dependencia { get; set; }
    [BindProperty(SupportsGet = true)] public string? Colegio { get; set; }
    [BindProperty(SupportsGet = true)] public string? Vinculo { get; set; }
    [BindProperty(SupportsGet = true)] public string? Mes { get; set; }
    [BindProperty(SupportsGet = true)] public string? Fuente { get; set; }
    [BindProperty(SupportsGet = true)] public int Pagina { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public string? Formato { get; set; }

    public IndicatorDefinition Indicator { get; private set; } = null!;
    public DateOnly Cutoff { get; private set; }
    public Paged<PersonRow> Result { get; private set; } = null!;
    public List<string> Description { get; } = [];

    public async Task<IActionResult> OnGetAsync(string indicador, CancellationToken ct)
    {
        var scope = IndicatorScope.For(HttpContext.Account());
        if (scope is null) return Forbid();
        if (definitions.Find(indicador) is not { } indicator) return NotFound();
        Indicator = indicator;
        Cutoff = IndicatorLinks.ParseDate(Corte) ?? Bogota.Today(clock);
        var filter = IndicatorLinks.Filter(Curso, Dependencia, Colegio, Vinculo, Mes, Fuente);

        if (Formato is "csv" or "xlsx")
        {
            var all = await counter.PeopleAsync(indicator, Cutoff, scope, filter, 1, ct, pageSize: int.MaxValue);
            var table = IndicatorExports.People(all);
            var name = $"personas-{indicator.Id}-{IndicatorLinks.Date(Cutoff)}";
            return Formato == "csv"
                ? File(IndicatorExports.Csv(table), "text/csv; charset=utf-8", name + ".csv")
                : File(IndicatorExports.Xlsx([table]), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
        }

        Result = await counter.PeopleAsync(indicator, Cutoff, scope, filter, Pagina, ct);
        await DescribeAsync(filter, ct);
        return Page();
    }

    private async Task DescribeAsync(PeopleFilter f, CancellationToken ct)
    {
        if (f.CourseId is { } course)
            Description.Add($"con el curso o actividad «{(await counter.CourseTitlesAsync(ct)).GetValueOrDefault(course, course)}»");
        if (f.DependenciaId is { } dep)
            Description.Add(dep == 0 ? "sin dependencia registrada" : $"de la dependencia «{await db.Dependencias.Where(d => d.Id == dep).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? dep.ToString(Bogota.Culture)}»");
        if (f.ColegioId is { } col)
            Description.Add(col == 0 ? "sin colegio registrado" : $"del colegio «{await db.Colegios.Where(c => c.Id == col).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? col.ToString(Bogota.Culture)}»");
        if (f.NoVinculo) Description.Add("sin vínculo registrado");
        else if (f.Vinculo is { } v) Description.Add($"con vínculo {v.ToString().ToLowerInvariant()}");
        if (f.Month is { } m) Description.Add($"que cuentan por primera vez en {m.ToString("MMMM 'de' yyyy", Bogota.Culture)}");
        if (f.Source is { } s) Description.Add($"con alguna finalización {Labels.Of(s).ToLower(Bogota.Culture)}");
    }

    public string PageUrl(int page) => IndicatorLinks.People(Indicator.Id, Cutoff,
        ("curso", Curso), ("dependencia", Dependencia), ("colegio", Colegio), ("vinculo", Vinculo), ("mes", Mes), ("fuente", Fuente),
        ("pagina", page.ToString(Bogota.Culture)));

    public string ExportUrl(string format) => IndicatorLinks.People(Indicator.Id, Cutoff,
        ("curso", Curso), ("dependencia", Dependencia), ("colegio", Colegio), ("vinculo", Vinculo), ("mes", Mes), ("fuente", Fuente),
        ("formato", format));
}
