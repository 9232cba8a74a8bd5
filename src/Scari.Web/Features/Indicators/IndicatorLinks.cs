using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Indicators;

/// <summary>URLs and query values shared by the dashboard, the drill-down and the exports.</summary>
public static class IndicatorLinks
{
    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static DateOnly? ParseMonth(string? text) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string SourceKey(CompletionSource s) => s switch { CompletionSource.Online => "en-linea", CompletionSource.InPerson => "presencial", _ => "externa" };

    public static CompletionSource? ParseSource(string? text) => text switch
    {
        "en-linea" => CompletionSource.Online,
        "presencial" => CompletionSource.InPerson,
        "externa" => CompletionSource.External,
        _ => null,
    };

    public static string People(string indicator, DateOnly cutoff, params (string Key, string? Value)[] filters) =>
        QueryHelpers.AddQueryString($"/admin/indicadores/{indicator}/personas",
            new[] { new KeyValuePair<string, string?>("corte", Date(cutoff)) }
                .Concat(filters.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string?>(f.Key, f.Value))));

    public static string Export(string indicator, string table, string format, DateOnly cutoff) =>
        $"/admin/indicadores/{indicator}/exportar/{table}.{format}?corte={Date(cutoff)}";

    public static string Report(string indicator, DateOnly cutoff) => $"/admin/indicadores/{indicator}/exportar/informe.pdf?corte={Date(cutoff)}";

    public static PeopleFilter Filter(string? curso, string? dependencia, string? colegio, string? vinculo, string? mes, string? fuente) => new(
        string.IsNullOrWhiteSpace(curso) ? null : curso,
        int.TryParse(dependencia, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null,
        int.TryParse(colegio, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null,
        Enum.TryParse<Vinculo>(vinculo, out var v) && Enum.IsDefined(v) && !int.TryParse(vinculo, out _) ? v : null,
        vinculo == "ninguno",
        ParseMonth(mes),
        ParseSource(fuente));
}
