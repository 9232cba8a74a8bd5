using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;

namespace Scari.IntegrationTests.Security;

/// <summary>Every endpoint of the app, as the router sees it.</summary>
public static class AppRoutes
{
    public sealed record Route(string Pattern, RouteEndpoint Endpoint, bool IsPage)
    {
        public bool HasRequiredParameters => Endpoint.RoutePattern.Parameters.Any(p => !p.IsOptional && p.Default is null);
        public override string ToString() => Pattern;
    }

    public static IReadOnlyList<Route> All(ScariAppFactory app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => new Route("/" + (e.RoutePattern.RawText ?? "").TrimStart('/'), e,
                e.Metadata.GetMetadata<PageActionDescriptor>() is not null))
            .DistinctBy(r => r.Pattern)
            .OrderBy(r => r.Pattern, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// A URL for the route. A parameter takes its value from <paramref name="values"/>, keyed "pattern|name" for this
    /// route only or "name" for every route; otherwise a required one gets a harmless sample (an id or a slug that
    /// does not exist) and an optional one is left out.
    /// </summary>
    public static string SampleUrl(Route route, IReadOnlyDictionary<string, string>? values = null)
    {
        string? Given(string name) =>
            values is null ? null : values.TryGetValue($"{route.Pattern}|{name}", out var specific) ? specific : values.GetValueOrDefault(name);
        var parts = route.Endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart s => s.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p when Given(p.Name) is { } given => given,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p when p.IsOptional || p.Default is not null => "",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p =>
                p.ParameterPolicies.Any(x => x.Content is "int" or "long") ? "999999"
                : p.ParameterPolicies.FirstOrDefault(x => x.Content?.StartsWith("regex(", StringComparison.Ordinal) == true) is { } regex
                    ? FirstAlternative(regex.Content!)
                    : "no-existe",
            _ => "",
        })));
        return "/" + string.Join('/', parts.Where(p => p.Length > 0));
    }

    /// <summary>"regex(^(estudiante|funcionario)$)" → "estudiante": enough for the routes of this app.</summary>
    private static string FirstAlternative(string policy) =>
        policy["regex(".Length..^1].Trim('^', '$', '(', ')').Split('|')[0];

    public static bool Accepts(Route route, string method) =>
        route.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } m || m.HttpMethods.Count == 0 ||
        m.HttpMethods.Contains(method, StringComparer.OrdinalIgnoreCase);
}
