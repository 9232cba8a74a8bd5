using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Indicators;

/// <summary>Downloads of the dashboard's tables (CSV, XLSX) and the one-page PDF report.</summary>
[Authorize(Roles = $"{Roles.Administrador},{Roles.Coordinador}")]
public sealed class ExportModel(IndicatorCounter counter, IndicatorDefinitions definitions, IndicatorReportPdf pdf, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string indicador, string tabla, string formato, string? corte, CancellationToken ct)
    {
        var scope = IndicatorScope.For(HttpContext.Account());
        if (scope is null) return Forbid();
        if (definitions.Find(indicador) is not { } indicator) return NotFound();
        var cutoff = IndicatorLinks.ParseDate(corte) ?? Bogota.Today(clock);
        var name = $"{indicator.Id}-{tabla}-{IndicatorLinks.Date(cutoff)}";

        if (tabla == "informe" && formato == "pdf")
        {
            var result = await counter.ComputeAsync(indicator, cutoff, scope, ct);
            return File(await pdf.RenderAsync(result, ct), "application/pdf", $"informe-{indicator.Id}-{IndicatorLinks.Date(cutoff)}.pdf");
        }
        if (formato is not ("csv" or "xlsx")) return NotFound();
        if (tabla != "todo" && !IndicatorExports.TableNames.Contains(tabla)) return NotFound();

        var r = await counter.DashboardAsync(indicator, cutoff, scope, ct);
        var tables = (tabla == "todo" ? IndicatorExports.TableNames : [tabla])
            .Select(t => IndicatorExports.Table(r, t)!)
            .Where(t => t.Rows.Count > 0 || tabla != "todo")
            .ToList();
        if (formato == "xlsx")
            return File(IndicatorExports.Xlsx(tables), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
        if (tables.Count != 1) return NotFound();
        return File(IndicatorExports.Csv(tables[0]), "text/csv; charset=utf-8", name + ".csv");
    }
}
