using Scari.Web.Content;

namespace Scari.Web.Features.Certificates;

public static class CertificatesSetup
{
    public static IServiceCollection AddScariCertificates(this IServiceCollection services)
    {
        services.AddOptions<CertificateSettings>().BindConfiguration("Certificates");
        services.AddSingleton<CertificateKeys>();
        services.AddSingleton<CredentialKeys>();
        services.AddScoped<StatusList>();
        services.AddScoped<CertificateVerifier>();
        services.AddScoped<DocumentConfirmation>();
        // Resolved on first use, after content/ has loaded: program and logo from scari.yaml (a changed logo needs a restart).
        services.AddSingleton(sp =>
        {
            var catalog = sp.GetRequiredService<CourseCatalog>();
            var entity = catalog.Settings.Entity;
            var logo = entity.LogoPath is { Length: > 0 } path ? Path.Combine(catalog.ContentDirectory, path) : null;
            return new CertificatePdf(entity.Program, logo);
        });
        services.AddScoped<CertificateIssuer>();
        services.AddScoped<CertificateAccess>();
        return services;
    }

    /// <summary>The base of printed verification links: <c>Scari:PublicBaseUrl</c>, else the request's own address.</summary>
    public static string PublicBaseUrl(HttpRequest request) =>
        PublicBaseUrl(request.HttpContext.RequestServices.GetRequiredService<IConfiguration>(), request);

    /// <summary>
    /// Also the base of the URLs signed into credentials (issuer, key, status list), so production must configure it:
    /// without a request (a CLI or background issue) and without configuration, <c>http://localhost</c>.
    /// </summary>
    public static string PublicBaseUrl(IConfiguration config, HttpRequest? request)
    {
        var configured = config["Scari:PublicBaseUrl"];
        if (!string.IsNullOrWhiteSpace(configured)) return configured.TrimEnd('/');
        return request is null ? "http://localhost" : $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    public static string VerificationUrl(HttpRequest request, string code) => $"{PublicBaseUrl(request)}/verificar/{code}";
}
