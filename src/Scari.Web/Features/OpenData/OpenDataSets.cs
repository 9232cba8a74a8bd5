using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using Scari.Web.Content;
using Scari.Web.Features.Indicators;

namespace Scari.Web.Features.OpenData;

/// <summary>A line of the catalogue of data sets: its slug, title, cut-off and, for a publication, its number and hash.</summary>
public sealed record OpenDataEntry(string Slug, string Title, DateOnly Cutoff, int? PublicationId, string? IndicatorId, string? Sha256, int? SupersededById);

/// <summary>
/// The data sets of /datos-abiertos: one per published cut-off («corte-N») and one per month end of the indicators'
/// periods up to today («cierre-AAAA-MM-DD», every indicator at that date, as /indicadores?corte= shows it).
/// </summary>
public sealed class OpenDataSets(CutoffPublishing publishing, IndicatorDefinitions definitions, CourseCatalog catalog, PublicLinks links,
    Microsoft.Extensions.Options.IOptions<ScariOptions> options, TimeProvider clock)
{
    public async Task<IReadOnlyList<OpenDataEntry>> ListAsync(CancellationToken ct)
    {
        var list = new List<OpenDataEntry>();
        var names = definitions.All.ToDictionary(i => i.Id, i => i.Name);
        foreach (var p in await publishing.ListAsync(ct))
            list.Add(new($"corte-{p.Id}", $"{names.GetValueOrDefault(p.IndicatorId, p.IndicatorId)}: corte publicado n.º {p.Id} al {Bogota.FormatDate(p.Cutoff)}",
                p.Cutoff, p.Id, p.IndicatorId, p.Sha256, p.SupersededById));
        foreach (var end in MonthEnds().Reverse())
            list.Add(new($"cierre-{IndicatorLinks.Date(end)}", $"Indicadores al cierre de {end.ToString("MMMM 'de' yyyy", Bogota.Culture)}", end, null, null, null, null));
        return list;
    }

    /// <summary>Every month end from the first indicator's start to the last that is today or earlier (and inside a period).</summary>
    public IEnumerable<DateOnly> MonthEnds() => definitions.All.Count == 0 ? []
        : CutoffPublishing.MonthEnds(definitions.All.Min(i => i.PeriodStart), definitions.All.Max(i => i.PeriodEnd), Bogota.Today(clock));

    public async Task<OpenDataSet?> FindAsync(string slug, CancellationToken ct)
    {
        if (slug.StartsWith("corte-", StringComparison.Ordinal)
            && int.TryParse(slug["corte-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && await publishing.FindAsync(id, ct) is { } found)
        {
            var r = found.Parsed.Report;
            return new(slug, $"{r.IndicatorName}: corte publicado n.º {id} al {Bogota.FormatDate(r.Cutoff)}", r.Cutoff, id, found.Publication.Sha256, [r]);
        }
        if (slug.StartsWith("cierre-", StringComparison.Ordinal) && IndicatorLinks.ParseDate(slug["cierre-".Length..]) is { } date && MonthEnds().Contains(date))
        {
            var reports = new List<PublicReport>();
            foreach (var ind in definitions.All.Where(i => i.PeriodStart <= date))
                if (await publishing.LiveMonthEndAsync(ind, date, ct) is { } report) reports.Add(report);
            return new(slug, $"Indicadores al cierre de {date.ToString("MMMM 'de' yyyy", Bogota.Culture)}", date, null, null, reports);
        }
        return null;
    }

    /// <summary>
    /// Computes the month ends of every indicator side by side (each in its own scope, shared with any visitor asking
    /// at the same time), so that a caller reading every set waits for the slowest indicator, not for their sum.
    /// </summary>
    public async Task PrepareMonthEndsAsync(CancellationToken ct)
    {
        var last = MonthEnds().LastOrDefault();
        if (last == default) return;
        await Task.WhenAll(definitions.All.Where(i => i.PeriodStart <= last).Select(i => publishing.LiveMonthEndAsync(i, last, ct)));
    }

    public JsonObject Metadata(OpenDataSet set) =>
        OpenData.Metadata(set, catalog.Settings, links.BaseUrl, options.Value.OpenDataContactEmail?.Trim() is { Length: > 0 } c ? c : null, clock.GetUtcNow().UtcDateTime);
}

public static class OpenDataSetup
{
    public static IServiceCollection AddScariOpenData(this IServiceCollection services) => services.AddScoped<OpenDataSets>();

    /// <summary>Public files: the dictionary, each data set's metadata and each table as CSV and JSON, with an ETag.</summary>
    public static WebApplication MapScariOpenData(this WebApplication app)
    {
        var files = app.MapGroup("/datos-abiertos").AllowAnonymous();
        files.MapGet("/diccionario.json", (HttpContext http) => Send(http, OpenData.Json(OpenData.Dictionary()), "application/json; charset=utf-8", null, immutable: false));
        files.MapGet("/{conjunto}/metadatos.json", async (string conjunto, OpenDataSets sets, HttpContext http, CancellationToken ct) =>
            await sets.FindAsync(conjunto, ct) is { } set
                ? Send(http, OpenData.Json(sets.Metadata(set)), "application/json; charset=utf-8", null, set.PublicationId is not null)
                : NotFound(conjunto));
        files.MapGet("/{conjunto}/{tabla}.{formato:regex(^(csv|json)$)}", async (string conjunto, string tabla, string formato, OpenDataSets sets, HttpContext http, CancellationToken ct) =>
        {
            if (await sets.FindAsync(conjunto, ct) is not { } set) return NotFound(conjunto);
            if (set.Tables.FirstOrDefault(t => t.Name == tabla) is not { } table)
                return Results.Problem(title: "No encontramos esa tabla.", statusCode: StatusCodes.Status404NotFound,
                    detail: $"El conjunto «{conjunto}» tiene las tablas {string.Join(", ", set.Tables.Select(t => t.Name))}.");
            return formato == "csv"
                ? Send(http, OpenData.Csv(set, table), "text/csv; charset=utf-8", $"{set.Slug}-{table.Name}.csv", set.PublicationId is not null)
                : Send(http, OpenData.Json(OpenData.JsonRows(set, table)), "application/json; charset=utf-8", null, set.PublicationId is not null);
        });

        // The same aggregates for integrations, under the API's prefix and in its OpenAPI document.
        var api = app.MapGroup(Api.ApiEndpoints.Prefix + "/datos-abiertos").AllowAnonymous().WithTags("Datos abiertos")
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        api.MapGet("/", async (OpenDataSets sets, HttpContext http, CancellationToken ct) =>
            {
                var list = new System.Text.Json.Nodes.JsonArray([.. (await sets.ListAsync(ct)).Select(e => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
                {
                    ["conjunto"] = e.Slug, ["titulo"] = e.Title, ["fecha_corte"] = IndicatorLinks.Date(e.Cutoff),
                    ["corte_publicado"] = e.PublicationId, ["sha256_corte"] = e.Sha256, ["sustituido_por"] = e.SupersededById,
                    ["metadatos"] = $"/datos-abiertos/{e.Slug}/metadatos.json",
                })]);
                return Send(http, OpenData.Json(list), "application/json; charset=utf-8", null, immutable: false);
            })
            .WithName("ListarDatosAbiertos")
            .WithSummary("Lista los conjuntos de datos abiertos")
            .WithDescription("Un conjunto por corte publicado («corte-N») y uno por cierre de mes («cierre-AAAA-MM-DD»), con su fecha de corte y, "
                + "para los cortes, el número y la huella SHA-256 de la publicación. Responde con ETag; con If-None-Match igual responde 304.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status304NotModified);
        api.MapGet("/diccionario", (HttpContext http) => Send(http, OpenData.Json(OpenData.Dictionary()), "application/json; charset=utf-8", null, immutable: false))
            .WithName("DiccionarioDatosAbiertos")
            .WithSummary("Diccionario de datos")
            .WithDescription("Cada tabla con sus columnas: nombre, tipo (texto, entero, decimal, fecha o celda) y descripción.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status304NotModified);
        api.MapGet("/{conjunto}", async (string conjunto, OpenDataSets sets, HttpContext http, CancellationToken ct) =>
                await sets.FindAsync(conjunto, ct) is { } set
                    ? Send(http, OpenData.Json(sets.Metadata(set)), "application/json; charset=utf-8", null, set.PublicationId is not null)
                    : NotFound(conjunto))
            .WithName("ObtenerConjuntoDatosAbiertos")
            .WithSummary("Metadatos de un conjunto de datos")
            .WithDescription("Metadatos al estilo DCAT: título, publicador, periodo, fecha de corte, licencia, frecuencia, contacto y distribuciones. 404 si no existe.")
            .Produces(StatusCodes.Status200OK, contentType: "application/ld+json")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{conjunto}/{tabla}", async (string conjunto, string tabla, OpenDataSets sets, HttpContext http, CancellationToken ct) =>
            {
                if (await sets.FindAsync(conjunto, ct) is not { } set) return NotFound(conjunto);
                if (set.Tables.FirstOrDefault(t => t.Name == tabla) is not { } table)
                    return Results.Problem(title: "No encontramos esa tabla.", statusCode: StatusCodes.Status404NotFound,
                        detail: $"El conjunto «{conjunto}» tiene las tablas {string.Join(", ", set.Tables.Select(t => t.Name))}.");
                return Send(http, OpenData.Json(OpenData.JsonRows(set, table)), "application/json; charset=utf-8", null, set.PublicationId is not null);
            })
            .WithName("ObtenerTablaDatosAbiertos")
            .WithSummary("Una tabla de un conjunto de datos")
            .WithDescription("Las filas de la tabla (indicadores, cursos, meses, dependencias, vinculos o colegios) como objetos con las columnas del diccionario, "
                + "con la regla de reserva de celdas pequeñas: las mismas cifras que los archivos CSV y JSON de /datos-abiertos. ETag y 304 con If-None-Match.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static IResult NotFound(string conjunto) => Results.Problem(title: "No encontramos ese conjunto de datos.", statusCode: StatusCodes.Status404NotFound,
        detail: $"No hay ningún conjunto «{conjunto}». Los conjuntos son «corte-N» (cortes publicados) y «cierre-AAAA-MM-DD» (cierres de mes); la lista está en /datos-abiertos.");

    /// <summary>
    /// The bytes with a strong ETag over them; 304 when the client already has them. A publication never changes, so
    /// caches may keep its files a day; a month end can still change with late records, so five minutes.
    /// </summary>
    public static IResult Send(HttpContext http, byte[] bytes, string contentType, string? downloadName, bool immutable)
    {
        var etag = OpenData.ETag(bytes);
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = immutable ? "public, max-age=86400" : "public, max-age=300";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        if (downloadName is not null)
            http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = downloadName }.ToString();
        return Results.Bytes(bytes, contentType);
    }
}
