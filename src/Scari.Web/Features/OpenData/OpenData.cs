using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Scari.Web.Content;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.People;

namespace Scari.Web.Features.OpenData;

/// <summary>A column of an open-data table: its stable Spanish snake_case name, its type and what it means.</summary>
public sealed record OpenColumn(string Name, string Type, string Description);

/// <summary>An open-data table: the same for every data set, documented once in the data dictionary.</summary>
public sealed record OpenTable(string Name, string Title, string Description, IReadOnlyList<OpenColumn> Columns, Audience? OnlyFor = null);

/// <summary>
/// A data set: the public figures of one published cut-off, or of every indicator at a month end. Built only from
/// <see cref="PublicReport"/>s, which already went through <see cref="Disclosure"/>: open data adds no cell and no grain
/// that /indicadores and /indicadores/cortes do not show.
/// </summary>
public sealed record OpenDataSet(string Slug, string Title, DateOnly Cutoff, int? PublicationId, string? Sha256, IReadOnlyList<PublicReport> Reports)
{
    public IEnumerable<OpenTable> Tables => OpenData.Tables.Where(t => t.OnlyFor is null || Reports.Any(r => r.Audience == t.OnlyFor));
}

public static class OpenData
{
    public const string CellType = "celda";
    public const string License = "CC BY-SA 4.0";
    public const string LicenseUrl = "https://creativecommons.org/licenses/by-sa/4.0/deed.es";

    private const string CellHelp = "personas distintas con la regla de reserva: un número; «<5» si son de 1 a 4; «x» si se reservó para que otra celda no se deduzca. En estudiantes, múltiplo de 5 (salvo el total oficial).";

    public static readonly IReadOnlyList<OpenTable> Tables =
    [
        new("indicadores", "Avance de los indicadores", "Una fila por indicador: total oficial exacto de personas distintas formadas a la fecha de corte, meta y porcentaje.",
        [
            new("indicador_id", "texto", "identificador estable del indicador (scari.yaml)"),
            new("indicador", "texto", "nombre del indicador"),
            new("publico", "texto", "«servidores» (planta y contratistas) o «estudiantes»"),
            new("fecha_corte", "fecha", "fecha de corte (AAAA-MM-DD, calendario de Bogotá): cuentan las finalizaciones hasta el final de ese día"),
            new("periodo_inicio", "fecha", "primer día del periodo del indicador"),
            new("periodo_fin", "fecha", "último día del periodo del indicador"),
            new("meta", "entero", "meta de personas del periodo"),
            new("personas", "entero", "total oficial de personas distintas formadas (exacto)"),
            new("porcentaje_meta", "decimal", "personas / meta × 100, con un decimal"),
            new("participaciones_adicionales", CellType, "suma de las filas por curso menos el total de personas (personas en más de un curso); " + CellHelp),
            new("regla_reserva", "texto", "versión de la regla de reserva de celdas pequeñas"),
            new("corte_publicado", "texto", "número de la publicación oficial del corte, o vacío si es un cierre de mes sin publicación"),
            new("sha256_corte", "texto", "huella SHA-256 del archivo público de la publicación, o vacío"),
        ]),
        new("cursos", "Personas por curso", "Una fila por curso o actividad presencial de cada indicador. Una persona con varios cursos está en varias filas: las filas no suman el total.",
        [
            new("indicador_id", "texto", "identificador del indicador"),
            new("fecha_corte", "fecha", "fecha de corte"),
            new("curso_id", "texto", "identificador estable del curso o de la actividad presencial"),
            new("version", "texto", "versión del contenido del curso, o «presencial»"),
            new("curso", "texto", "título del curso o actividad"),
            new("personas", CellType, CellHelp),
        ]),
        new("meses", "Total al cierre de cada mes", "Total oficial exacto de personas al cierre de cada mes del periodo hasta la fecha de corte (solo servidores).",
        [
            new("indicador_id", "texto", "identificador del indicador"),
            new("fecha_corte", "fecha", "fecha de corte del conjunto"),
            new("mes", "texto", "mes (AAAA-MM)"),
            new("personas_acumuladas", "entero", "total oficial de personas al cierre del mes (o a la fecha de corte, si es anterior)"),
        ], Audience.Staff),
        new("dependencias", "Personas por dependencia", "Personas formadas por dependencia; cada persona cuenta una vez, en la dependencia de su finalización más reciente hasta la fecha de corte. Las filas suman el total oficial.",
        [
            new("indicador_id", "texto", "identificador del indicador"),
            new("fecha_corte", "fecha", "fecha de corte"),
            new("dependencia_codigo", "texto", "código de la dependencia (vacío: sin dependencia registrada)"),
            new("dependencia", "texto", "nombre de la dependencia"),
            new("personas", CellType, CellHelp),
        ], Audience.Staff),
        new("vinculos", "Personas por vínculo", "Personas formadas por vínculo (planta o contratista). Las filas suman el total oficial.",
        [
            new("indicador_id", "texto", "identificador del indicador"),
            new("fecha_corte", "fecha", "fecha de corte"),
            new("vinculo", "texto", "«planta», «contratista» o «ninguno»"),
            new("vinculo_etiqueta", "texto", "vínculo en palabras"),
            new("personas", CellType, CellHelp),
        ], Audience.Staff),
        new("colegios", "Estudiantes por colegio", "Estudiantes formados por colegio, redondeados a múltiplos de 5; no se publican por grado ni por mes.",
        [
            new("indicador_id", "texto", "identificador del indicador"),
            new("fecha_corte", "fecha", "fecha de corte"),
            new("colegio_codigo", "texto", "código DANE o interno del colegio (vacío: sin colegio registrado)"),
            new("colegio", "texto", "nombre del colegio"),
            new("personas", CellType, CellHelp),
        ], Audience.Student),
    ];

    public static OpenTable? Table(string name) => Tables.FirstOrDefault(t => t.Name == name);

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The rows of one table of a data set, in the order of the columns (strings, integers, decimals).</summary>
    public static List<object?[]> Rows(OpenDataSet set, OpenTable table)
    {
        var rows = new List<object?[]>();
        foreach (var r in set.Reports)
        {
            if (table.OnlyFor is { } only && r.Audience != only) continue;
            var cut = D(r.Cutoff);
            switch (table.Name)
            {
                case "indicadores":
                    rows.Add([r.IndicatorId, r.IndicatorName, r.Students ? "estudiantes" : "servidores", cut, D(r.PeriodStart), D(r.PeriodEnd), r.Target, r.People,
                        Math.Round(r.Percent, 1), r.Additional, Disclosure.RuleVersion,
                        set.PublicationId?.ToString(CultureInfo.InvariantCulture) ?? "", set.Sha256 ?? ""]);
                    break;
                case "cursos":
                    rows.AddRange(r.Courses.Select(c => new object?[] { r.IndicatorId, cut, c.Id, c.Version, c.Title, c.People }));
                    break;
                case "meses":
                    rows.AddRange(r.Months.Select(m => new object?[] { r.IndicatorId, cut, m.Month, m.People }));
                    break;
                case "dependencias":
                    rows.AddRange(r.Dependencias.Select(c => new object?[] { r.IndicatorId, cut, c.Key, c.Label, c.Value }));
                    break;
                case "vinculos":
                    rows.AddRange(r.Vinculos.Select(c => new object?[] { r.IndicatorId, cut, c.Key, c.Label, c.Value }));
                    break;
                case "colegios":
                    rows.AddRange(r.Colegios.Select(c => new object?[] { r.IndicatorId, cut, c.Key, c.Label, c.Value }));
                    break;
            }
        }
        return rows;
    }

    private static string Text(object? v) => v switch
    {
        null => "",
        double d => d.ToString("0.0", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    /// <summary>RFC 4180 CSV: UTF-8 without BOM, comma, CRLF, fields quoted when they hold a comma, quote or line break.</summary>
    public static byte[] Csv(OpenDataSet set, OpenTable table)
    {
        var sb = new StringBuilder();
        void Line(IEnumerable<string> fields) => sb.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
        Line(table.Columns.Select(c => c.Name));
        foreach (var row in Rows(set, table)) Line(row.Select(Text));
        return new UTF8Encoding(false).GetBytes(sb.ToString());
    }

    private static string Quote(string field)
    {
        // Open data is read by programs as well as spreadsheets: a text cell that a spreadsheet would run as a formula
        // gets the same neutralizing apostrophe as every export of SCARI.
        var safe = Spreadsheet.Neutralize(field);
        return safe.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>The table as a JSON array of objects whose keys are the column names, typed as the dictionary says.</summary>
    public static JsonArray JsonRows(OpenDataSet set, OpenTable table)
    {
        var array = new JsonArray();
        foreach (var row in Rows(set, table))
        {
            var o = new JsonObject();
            for (var i = 0; i < table.Columns.Count; i++)
                o[table.Columns[i].Name] = row[i] switch
                {
                    int n => JsonValue.Create(n),
                    double d => JsonValue.Create(d),
                    var v => JsonValue.Create(Text(v)),
                };
            array.Add(o);
        }
        return array;
    }

    public static byte[] Json(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Indented);

    /// <summary>The data dictionary: every table with each column's name, type and description.</summary>
    public static JsonObject Dictionary() => new()
    {
        ["titulo"] = "Diccionario de datos abiertos de SCARI",
        ["tipos"] = new JsonObject
        {
            ["texto"] = "cadena UTF-8",
            ["entero"] = "número entero sin separador de miles",
            ["decimal"] = "número con punto decimal",
            ["fecha"] = "fecha ISO 8601 AAAA-MM-DD (calendario de Bogotá)",
            [CellType] = "cadena: un entero, «<5» o «x» (regla de reserva de celdas pequeñas " + Disclosure.RuleVersion + ")",
        },
        ["tablas"] = new JsonArray([.. Tables.Select(t => (JsonNode)new JsonObject
        {
            ["tabla"] = t.Name,
            ["titulo"] = t.Title,
            ["descripcion"] = t.Description,
            ["solo_para"] = t.OnlyFor switch { Audience.Staff => "servidores", Audience.Student => "estudiantes", _ => null },
            ["columnas"] = new JsonArray([.. t.Columns.Select(c => (JsonNode)new JsonObject { ["columna"] = c.Name, ["tipo"] = c.Type, ["descripcion"] = c.Description })]),
        })]),
    };

    /// <summary>DCAT-style metadata of a data set (W3C DCAT vocabulary, as the national open-data portal reads it).</summary>
    public static JsonObject Metadata(OpenDataSet set, ScariSettings settings, string baseUrl, string? contactEmail, DateTime generatedUtc)
    {
        var starts = set.Reports.Select(r => r.PeriodStart).DefaultIfEmpty(set.Cutoff).Min();
        var publisher = settings.Entity.Name.Length > 0 ? settings.Entity.Name : "SCARI";
        var contact = new JsonObject
        {
            ["@type"] = "vcard:Organization",
            ["vcard:fn"] = settings.Signatory.Title.Length > 0 ? $"{settings.Signatory.Title}, {publisher}" : publisher,
            ["vcard:hasURL"] = $"{baseUrl}/datos-abiertos",
        };
        if (!string.IsNullOrWhiteSpace(contactEmail)) contact["vcard:hasEmail"] = "mailto:" + contactEmail.Trim();
        return new JsonObject
        {
            ["@context"] = new JsonObject
            {
                ["dcat"] = "http://www.w3.org/ns/dcat#", ["dct"] = "http://purl.org/dc/terms/",
                ["foaf"] = "http://xmlns.com/foaf/0.1/", ["vcard"] = "http://www.w3.org/2006/vcard/ns#",
            },
            ["@type"] = "dcat:Dataset",
            ["@id"] = $"{baseUrl}/datos-abiertos/{set.Slug}",
            ["dct:identifier"] = set.Slug,
            ["dct:title"] = set.Title,
            ["dct:description"] = "Personas formadas en TIC y cuarta revolución industrial contadas una sola vez, por indicador del plan de desarrollo, "
                + "con la regla de reserva de celdas pequeñas " + Disclosure.RuleVersion + ": totales oficiales exactos, celdas de 1 a 4 como «<5», "
                + "celdas reservadas «x», estudiantes redondeados a múltiplos de 5 y nunca más finos que el colegio.",
            ["dct:publisher"] = new JsonObject { ["@type"] = "foaf:Organization", ["foaf:name"] = publisher },
            ["dcat:contactPoint"] = contact,
            ["dct:temporal"] = new JsonObject { ["@type"] = "dct:PeriodOfTime", ["dcat:startDate"] = D(starts), ["dcat:endDate"] = D(set.Cutoff) },
            ["fecha_corte"] = D(set.Cutoff),
            ["corte_publicado"] = set.PublicationId,
            ["sha256_corte"] = set.Sha256,
            ["dct:issued"] = generatedUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["dct:license"] = LicenseUrl,
            ["licencia"] = License,
            ["dct:accrualPeriodicity"] = set.PublicationId is null ? "http://purl.org/cld/freq/monthly" : "http://purl.org/cld/freq/irregular",
            ["frecuencia"] = set.PublicationId is null ? "mensual (un conjunto por cierre de mes)" : "con cada corte publicado",
            ["dct:language"] = "es",
            ["dcat:keyword"] = new JsonArray("formación", "TIC", "cuarta revolución industrial", "plan de desarrollo", "indicadores"),
            ["dct:conformsTo"] = $"{baseUrl}/datos-abiertos/diccionario.json",
            ["dcat:distribution"] = new JsonArray([.. set.Tables.SelectMany(t => new[] { "csv", "json" }.Select(f => (JsonNode)new JsonObject
            {
                ["@type"] = "dcat:Distribution",
                ["dct:title"] = $"{t.Title} ({f.ToUpperInvariant()})",
                ["dcat:downloadURL"] = $"{baseUrl}/datos-abiertos/{set.Slug}/{t.Name}.{f}",
                ["dcat:mediaType"] = f == "csv" ? "text/csv" : "application/json",
                ["dct:conformsTo"] = $"{baseUrl}/datos-abiertos/diccionario.json#{t.Name}",
            }))]),
        };
    }

    public static string ETag(byte[] bytes) => "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"";
}
