using System.Globalization;
using Scari.Web.Features.People;

using Scari.Web.Features.Shared;

namespace Scari.Web.Features.Indicators;

/// <summary>A table as exported: a title (sheet name), headers and rows of text or whole numbers.</summary>
public sealed record ExportTable(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>
/// CSV and XLSX of the dashboard's tables. CSV is UTF-8 with BOM and ';' separated: Excel in es-CO uses the comma
/// as decimal separator and ';' as list separator, so it opens such a file in columns with a double click.
/// Text cells that a spreadsheet would run as a formula are neutralized with a leading apostrophe.
/// </summary>
public sealed class IndicatorExports
{
    public static readonly IReadOnlyList<string> TableNames = ["resumen", "cursos", "dependencias", "colegios", "vinculos", "meses", "fuentes", "anios"];

    public static ExportTable? Table(IndicatorResult r, string name) => name switch
    {
        "resumen" => new("Resumen", ["Indicador", "Meta", "Personas formadas", "Porcentaje", "Fecha de corte"],
            [[r.Indicator.Name, r.Indicator.Target, r.People, Percent(r.Percent), r.Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]]),
        "cursos" => new("Por curso", ["Curso", "Id", "Finalizaciones", "Personas distintas"],
            [.. r.Courses.Select(c => (IReadOnlyList<object?>)[c.Title, c.CourseId, c.Completions, c.People]),
             ["Total de personas distintas (no es la suma de las filas)", "", r.CompletionsTotal, r.People]]),
        "dependencias" => Groups("Por dependencia", "Dependencia", r.Dependencias),
        "colegios" => Groups("Por colegio", "Colegio", r.Colegios),
        "vinculos" => Groups("Por vinculo", "Vínculo", r.Vinculos),
        "meses" => new("Por mes", ["Mes", "Personas nuevas", "Personas acumuladas"],
            [.. r.Months.Select(m => (IReadOnlyList<object?>)[m.Key, m.New, m.Cumulative])]),
        "fuentes" => new("Por origen", ["Origen", "Personas"],
            [.. r.Sources.Select(s => (IReadOnlyList<object?>)[s.Label, s.People]), ["Con más de un origen", r.BothSources]]),
        "anios" => new("Por año", ["Año", "Meta del año", "Personas nuevas", "Acumulado", "Meta acumulada"],
            [.. r.Years.Select(y => (IReadOnlyList<object?>)[y.Year, y.Target, y.New, y.Cumulative, y.CumulativeTarget])]),
        _ => null,
    };

    public static ExportTable People(Paged<PersonRow> page) => new("Personas",
        ["Apellidos", "Nombres", "Tipo de documento", "Número de documento", "Dependencia", "Colegio", "Vínculo", "Primera finalización", "Finalizaciones", "Origen"],
        [.. page.Rows.Select(p => (IReadOnlyList<object?>)[
            p.Anonymized ? "Persona anonimizada" : p.FamilyNames, p.GivenNames ?? "", p.DocumentType ?? "", p.DocumentNumber ?? "",
            p.Dependencia ?? "", p.Colegio ?? "", p.Vinculo?.ToString() ?? "",
            DateOnly.FromDateTime(Bogota.ToLocal(p.FirstCompletedUtc)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.Completions, p.Origins])]);

    private static ExportTable Groups(string name, string header, IReadOnlyList<GroupRow> rows) =>
        new(name, [header, "Personas"], [.. rows.Select(g => (IReadOnlyList<object?>)[g.Label, g.People])]);

    private static string Percent(double value) => value.ToString("0.0", Bogota.Culture) + " %";

    public static byte[] Csv(ExportTable table) => Spreadsheet.WriteCsv([table.Headers, .. table.Rows]);

    /// <summary>One sheet per table (<see cref="XlsxWriter"/>).</summary>
    public static byte[] Xlsx(IReadOnlyList<ExportTable> tables) =>
        XlsxWriter.Write([.. tables.Select(t => new XlsxWriter.Table(t.Name, t.Headers, t.Rows))]);

    public static string ColumnName(int index) => XlsxReader.ColumnName(index);
}
