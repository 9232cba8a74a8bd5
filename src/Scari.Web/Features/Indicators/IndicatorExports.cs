using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
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
        "fuentes" => new("Por fuente", ["Fuente", "Personas"],
            [.. r.Sources.Select(s => (IReadOnlyList<object?>)[s.Label, s.People]), ["En línea y presencial (ambas)", r.BothSources]]),
        "anios" => new("Por año", ["Año", "Meta del año", "Personas nuevas", "Acumulado", "Meta acumulada"],
            [.. r.Years.Select(y => (IReadOnlyList<object?>)[y.Year, y.Target, y.New, y.Cumulative, y.CumulativeTarget])]),
        _ => null,
    };

    public static ExportTable People(Paged<PersonRow> page) => new("Personas",
        ["Apellidos", "Nombres", "Tipo de documento", "Número de documento", "Dependencia", "Colegio", "Vínculo", "Primera finalización", "Finalizaciones"],
        [.. page.Rows.Select(p => (IReadOnlyList<object?>)[
            p.Anonymized ? "Persona anonimizada" : p.FamilyNames, p.GivenNames ?? "", p.DocumentType ?? "", p.DocumentNumber ?? "",
            p.Dependencia ?? "", p.Colegio ?? "", p.Vinculo?.ToString() ?? "",
            DateOnly.FromDateTime(Bogota.ToLocal(p.FirstCompletedUtc)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.Completions])]);

    private static ExportTable Groups(string name, string header, IReadOnlyList<GroupRow> rows) =>
        new(name, [header, "Personas"], [.. rows.Select(g => (IReadOnlyList<object?>)[g.Label, g.People])]);

    private static string Percent(double value) => value.ToString("0.0", Bogota.Culture) + " %";

    public static byte[] Csv(ExportTable table)
    {
        var sb = new StringBuilder();
        void Line(IEnumerable<object?> cells) => sb.Append(string.Join(';', cells.Select(Spreadsheet.Cell))).Append("\r\n");
        Line(table.Headers);
        foreach (var row in table.Rows) Line(row);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    /// <summary>A minimal SpreadsheetML package (one sheet per table, inline strings, numbers as numbers).</summary>
    public static byte[] Xlsx(IReadOnlyList<ExportTable> tables)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Entry(string path, string xml)
            {
                using var writer = new StreamWriter(zip.CreateEntry(path, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
            var names = SheetNames(tables);
            Entry("[Content_Types].xml",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"""
                + string.Concat(tables.Select((_, i) => $"""<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"""))
                + "</Types>");
            Entry("_rels/.rels",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Entry("xl/workbook.xml",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"""
                + string.Concat(names.Select((n, i) => $"""<sheet name="{SecurityElement.Escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>"""))
                + "</sheets></workbook>");
            Entry("xl/_rels/workbook.xml.rels",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"""
                + string.Concat(tables.Select((_, i) => $"""<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>"""))
                + $"""<Relationship Id="rId{tables.Count + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
            // Style 1 = bold, for the header row.
            Entry("xl/styles.xml",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>""");
            for (var i = 0; i < tables.Count; i++) Entry($"xl/worksheets/sheet{i + 1}.xml", Sheet(tables[i]));
        }
        return buffer.ToArray();
    }

    private static string Sheet(ExportTable table)
    {
        var sb = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        void Row(int number, IEnumerable<object?> cells, bool header)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<row r=\"{number}\">");
            var col = 0;
            foreach (var value in cells)
            {
                var reference = ColumnName(col++) + number.ToString(CultureInfo.InvariantCulture);
                var style = header ? " s=\"1\"" : "";
                if (value is int or long)
                    sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\"{style}><v>{value}</v></c>");
                else
                    sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\"{style} t=\"inlineStr\"><is><t xml:space=\"preserve\">{XmlText(Spreadsheet.Neutralize(value?.ToString() ?? ""))}</t></is></c>");
            }
            sb.Append("</row>");
        }
        Row(1, table.Headers, header: true);
        for (var i = 0; i < table.Rows.Count; i++) Row(i + 2, table.Rows[i], header: false);
        return sb.Append("</sheetData></worksheet>").ToString();
    }

    // XML 1.0 forbids most control characters even escaped: drop them.
    private static string XmlText(string text) =>
        SecurityElement.Escape(new string([.. text.Where(c => c is '\t' or '\n' or '\r' || c >= ' ')]))!;

    public static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26) name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }

    private static List<string> SheetNames(IReadOnlyList<ExportTable> tables)
    {
        var names = new List<string>();
        foreach (var t in tables)
        {
            var name = new string([.. t.Name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\'))]);
            name = name.Length > 31 ? name[..31] : name.Length == 0 ? "Hoja" : name;
            var unique = name;
            for (var n = 2; names.Contains(unique, StringComparer.OrdinalIgnoreCase); n++) unique = $"{name[..Math.Min(name.Length, 28)]} {n}";
            names.Add(unique);
        }
        return names;
    }
}
