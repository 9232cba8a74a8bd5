using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Scari.Web;

/// <summary>
/// The one builder of absolute URLs (verification links and QR codes, sign-in slips, the URLs signed into
/// credentials, links in mail). They come from <c>Scari:PublicBaseUrl</c> only, never from the request's Host
/// header, which a client controls. Without it (Development only: start-up refuses it elsewhere) the base is the
/// first address the server listens on, plus the request's path base; without a server address, http://localhost.
/// </summary>
public sealed class PublicLinks(IOptions<ScariOptions> options, IServer server, IHttpContextAccessor http)
{
    private readonly string? _configured = options.Value.PublicBaseUrl is { Length: > 0 } url ? url.Trim().TrimEnd('/') : null;

    /// <summary>True when the base comes from configuration (the admin home says so when it does not).</summary>
    public bool IsConfigured => _configured is not null;

    /// <summary>The base of every absolute link, without a trailing slash.</summary>
    public string BaseUrl => _configured ?? ListeningAddress() + (http.HttpContext?.Request.PathBase.Value ?? "");

    /// <summary>An absolute URL for an app path such as <c>/verificar/SCARI-2026-…</c>.</summary>
    public string Absolute(string path) => BaseUrl + (path.StartsWith('/') ? path : "/" + path);

    /// <summary>The public verification page of a certificate: printed on the PDF and in its QR code.</summary>
    public string Verification(string code) => Absolute("/verificar/" + Uri.EscapeDataString(code));

    private string ListeningAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null || !Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            return "http://localhost";
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host;
        return $"{uri.Scheme}://{host}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}";
    }
}

public static class PublicLinksAccess
{
    /// <summary>The app's <see cref="PublicLinks"/>, for endpoints and pages that have the request at hand.</summary>
    public static PublicLinks Links(this HttpContext http) => http.RequestServices.GetRequiredService<PublicLinks>();
}
