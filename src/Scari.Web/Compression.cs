using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Scari.Web;

/// <summary>
/// Brotli and gzip for HTML, CSS, JavaScript, JSON and SVG, decided per response so that nothing that carries a
/// secret beside input the request chose is compressed (BREACH: the compressed length would leak the secret byte by
/// byte). The rule, also in docs/seguridad-y-datos.md:
/// <list type="number">
/// <item>static files (CSS, JavaScript, SVG, Pyodide) carry no secret: always compressed;</item>
/// <item>a page or JSON answer is compressed only for GET or HEAD, never for a POST (a form shown again echoes what
///   was typed), and never under /cuenta (sign-in, codes, two-factor, recovery codes, password reset);</item>
/// <item>for an anonymous visitor that is all: the only secret in the page is an antiforgery token, which Data
///   Protection encrypts again with a fresh random IV in every response, so no two responses share it;</item>
/// <item>for a signed-in person (whose name, progress and personal data are in the page) only pages marked
///   <see cref="CompressedForSignedInAttribute"/>, which echo nothing but a route that must name existing content,
///   and only without a query string.</item>
/// </list>
/// An endpoint can refuse compression for its own response with <see cref="Refuse"/>.
/// </summary>
public static class Compression
{
    private const string StaticFile = "scari.compression.static";
    private const string Refused = "scari.compression.refused";

    public static IServiceCollection AddScariCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true; // safe because of the rule above, not by default
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                "application/problem+json", "image/svg+xml", "text/plain"];
        });
        // Fastest keeps the CPU per request small; static files are few and cached by the browser.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Replace(ServiceDescriptor.Singleton<IResponseCompressionProvider, RuledCompressionProvider>());
        return services;
    }

    /// <summary>Marks the response as a static file (StaticFileOptions.OnPrepareResponse).</summary>
    public static void MarkStatic(HttpContext context) => context.Items[StaticFile] = true;

    /// <summary>This response is sent uncompressed whatever the rule says.</summary>
    public static void Refuse(HttpContext context) => context.Items[Refused] = true;

    /// <summary>Whether the rule lets this response be compressed (the MIME type is checked separately).</summary>
    public static bool Allows(HttpContext context)
    {
        if (context.Items.ContainsKey(Refused)) return false;
        if (context.Items.ContainsKey(StaticFile)) return true;
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return false;
        if (request.Path.StartsWithSegments("/cuenta", StringComparison.OrdinalIgnoreCase)) return false;
        if (context.User.Identity?.IsAuthenticated != true) return true;
        return !request.QueryString.HasValue
               && context.GetEndpoint()?.Metadata.GetMetadata<CompressedForSignedInAttribute>() is not null;
    }

    private sealed class RuledCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
        : ResponseCompressionProvider(services, options)
    {
        public override bool ShouldCompressResponse(HttpContext context) =>
            Allows(context) && base.ShouldCompressResponse(context);
    }
}

/// <summary>
/// A page whose response may be compressed for a signed-in person: it echoes nothing the request chose except a route
/// that must name existing content (a course, a lesson), so no attacker-chosen text sits beside the person's data.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CompressedForSignedInAttribute : Attribute;
