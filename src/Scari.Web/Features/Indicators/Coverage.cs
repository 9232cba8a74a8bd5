using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// One unit's coverage: people counted for the indicator in the dependencia or colegio (by the breakdown rule: the
/// unit of each person's most recent qualifying completion) against the unit's population as of the cut-off.
/// </summary>
public sealed record CoverageRow(int UnitId, string Code, string Name, int Trained, int TrainedPlanta, int TrainedContratistas, UnitPopulation? Population)
{
    public double? Percent => Population is { Total: > 0 } p ? 100.0 * Trained / p.Total : null;
    public double? PercentPlanta => Population is { Planta: > 0 } p ? 100.0 * TrainedPlanta / p.Planta : null;
    public double? PercentContratistas => Population is { Contratistas: > 0 } p ? 100.0 * TrainedContratistas / p.Contratistas : null;
}

/// <summary>
/// Coverage of an indicator by unit. <see cref="Trained"/> and <see cref="Population"/> add up only the units that
/// have a population figure, so the overall percentage compares like with like.
/// </summary>
public sealed record CoverageTable(PopulationKind Kind, IReadOnlyList<CoverageRow> Rows)
{
    public IEnumerable<CoverageRow> WithPopulation => Rows.Where(r => r.Population is { Total: > 0 });
    public int Trained => WithPopulation.Sum(r => r.Trained);
    public int Population => WithPopulation.Sum(r => r.Population!.Total);
    public double? Percent => Population > 0 ? 100.0 * Trained / Population : null;
    public DateOnly? OldestAsOf => WithPopulation.Select(r => (DateOnly?)r.Population!.AsOf).Min();
    public DateOnly? NewestAsOf => WithPopulation.Select(r => (DateOnly?)r.Population!.AsOf).Max();
    public string UnitWord => Kind == PopulationKind.Dependencias ? "dependencia" : "colegio";

    /// <summary>The sort keys of the table's column headers.</summary>
    public static readonly string[] SortKeys = ["cobertura", "nombre", "formadas", "poblacion"];

    /// <summary>Names read A to Z first; numbers largest first.</summary>
    public static bool AscendingByDefault(string key) => key == "nombre";

    public IReadOnlyList<CoverageRow> Sorted(string? key, bool ascending)
    {
        IOrderedEnumerable<CoverageRow> o = key switch
        {
            "nombre" => Rows.OrderBy(r => r.Name, StringComparer.Create(Bogota.Culture, true)),
            "formadas" => Rows.OrderBy(r => r.Trained),
            "poblacion" => Rows.OrderBy(r => r.Population?.Total ?? -1),
            _ => Rows.OrderBy(r => r.Percent ?? -1),
        };
        var list = o.ThenBy(r => r.Name, StringComparer.Create(Bogota.Culture, true)).ToList();
        if (!ascending) list.Reverse();
        return list;
    }
}

public sealed class Coverage(ScariDbContext db, Populations populations)
{
    public static PopulationKind KindFor(Audience audience) => audience == Audience.Staff ? PopulationKind.Dependencias : PopulationKind.Colegios;

    /// <summary>
    /// The coverage rows of a dashboard result: every unit within the result's scope that has a population figure
    /// at the cut-off or people counted.
    /// </summary>
    public async Task<CoverageTable> ForAsync(IndicatorResult r, CancellationToken ct)
    {
        var kind = KindFor(r.Indicator.Audience);
        int? only = r.Scope.Everyone ? null : kind == PopulationKind.Dependencias ? r.Scope.DependenciaId : r.Scope.ColegioId;
        if (!r.Scope.Everyone && only is null) return new(kind, []);
        var population = await populations.AtAsync(kind, r.Cutoff, ct, only);
        var units = kind == PopulationKind.Dependencias
            ? await db.Dependencias.AsNoTracking().Where(d => only == null || d.Id == only).Select(d => new { d.Id, d.Code, d.Name }).ToListAsync(ct)
            : await db.Colegios.AsNoTracking().Where(c => only == null || c.Id == only).Select(c => new { c.Id, c.Code, c.Name }).ToListAsync(ct);
        var partition = r.Partition ?? [];
        var trained = partition.Where(p => (kind == PopulationKind.Dependencias ? p.DependenciaId : p.ColegioId) is not null)
            .GroupBy(p => (kind == PopulationKind.Dependencias ? p.DependenciaId : p.ColegioId)!.Value)
            .ToDictionary(g => g.Key, g => (All: g.Sum(p => p.People),
                Planta: g.Where(p => p.Vinculo == Vinculo.Planta).Sum(p => p.People),
                Contratistas: g.Where(p => p.Vinculo == Vinculo.Contratista).Sum(p => p.People)));
        var rows = units
            .Where(u => population.ContainsKey(u.Id) || trained.ContainsKey(u.Id))
            .Select(u =>
            {
                var t = trained.GetValueOrDefault(u.Id);
                return new CoverageRow(u.Id, u.Code, u.Name, t.All, t.Planta, t.Contratistas, population.GetValueOrDefault(u.Id));
            }).ToList();
        return new(kind, rows);
    }

    public static string Percent(double? p) => p is { } v ? v.ToString("0.0", Bogota.Culture) + " %" : "sin población";
}

/// <summary>Coverage by unit as server-rendered SVG: one horizontal bar per unit with a population figure, with its percentage.</summary>
public static class CoverageChart
{
    public static string Svg(CoverageTable table, IReadOnlyList<CoverageRow> ordered, string id, string indicatorName)
    {
        var rows = ordered.Where(r => r.Percent is not null).ToList();
        const int width = 640, labelW = 230, right = 70, rowH = 22, top = 8;
        var height = top + Math.Max(1, rows.Count) * rowH + 28;
        var max = Math.Max(100.0, rows.Count == 0 ? 0 : rows.Max(r => r.Percent!.Value));
        var barW = width - labelW - right;
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        var title = $"Cobertura por {table.UnitWord} de {indicatorName}";
        var desc = rows.Count == 0
            ? $"Ninguna {table.UnitWord} tiene cifra de población a la fecha de corte."
            : $"Porcentaje de personas formadas sobre la población de cada {table.UnitWord}, {rows.Count} en total. Los datos están en la tabla siguiente.";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"coverage-chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{WebUtility.HtmlEncode(title)}</title><desc id=\"{id}-d\">{WebUtility.HtmlEncode(desc)}</desc>");
        var x100 = labelW + barW * 100 / max;
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x100)}\" x2=\"{F(x100)}\" y1=\"{top - 4}\" y2=\"{height - 22}\" stroke=\"#c2410c\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x100)}\" y=\"{height - 8}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4a5563\">100 %</text>");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = top + i * rowH;
            var name = r.Name.Length > 34 ? r.Name[..33] + "…" : r.Name;
            var w = barW * r.Percent!.Value / max;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelW - 6}\" y=\"{y + 15}\" text-anchor=\"end\" font-size=\"11\" fill=\"#1b2430\">{WebUtility.HtmlEncode(name)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelW}\" y=\"{y + 3}\" width=\"{F(Math.Max(w, 1))}\" height=\"{rowH - 6}\" fill=\"#0b5c8a\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(labelW + Math.Max(w, 1) + 4)}\" y=\"{y + 15}\" font-size=\"11\" fill=\"#1b2430\">{WebUtility.HtmlEncode(Coverage.Percent(r.Percent))}</text>");
        }
        return sb.Append("</svg>").ToString();
    }
}

/// <summary>What the coverage partial renders: the table sorted as asked, and the links that sort it.</summary>
public sealed record CoverageView(CoverageTable Table, IReadOnlyList<CoverageRow> Rows, IndicatorResult Result, string Sort, bool Ascending, string BaseUrl)
{
    public static CoverageView Of(CoverageTable table, IndicatorResult result, string? sort, string? dir, string baseUrl)
    {
        var key = CoverageTable.SortKeys.Contains(sort) ? sort! : "cobertura";
        var ascending = dir switch { "asc" => true, "desc" => false, _ => CoverageTable.AscendingByDefault(key) };
        return new(table, table.Sorted(key, ascending), result, key, ascending, baseUrl);
    }

    /// <summary>The link of a column header: the same column again flips the order.</summary>
    public string SortUrl(string key)
    {
        var ascending = key == Sort ? !Ascending : CoverageTable.AscendingByDefault(key);
        return $"{BaseUrl}&orden={key}&dir={(ascending ? "asc" : "desc")}#cobertura";
    }

    public string? AriaSort(string key) => key == Sort ? (Ascending ? "ascending" : "descending") : null;

    public string UnitUrl(CoverageRow r) =>
        $"/admin/cobertura/{(Table.Kind == PopulationKind.Dependencias ? "dependencias" : "colegios")}/{r.UnitId}?corte={IndicatorLinks.Date(Result.Cutoff)}";

    public string PeopleUrl(CoverageRow r, string? vinculo = null) => Table.Kind == PopulationKind.Dependencias
        ? IndicatorLinks.People(Result.Indicator.Id, Result.Cutoff, ("dependencia", r.UnitId.ToString(CultureInfo.InvariantCulture)), ("vinculo", vinculo))
        : IndicatorLinks.People(Result.Indicator.Id, Result.Cutoff, ("colegio", r.UnitId.ToString(CultureInfo.InvariantCulture)));
}
