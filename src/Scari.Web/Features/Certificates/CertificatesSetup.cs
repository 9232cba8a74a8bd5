using Scari.Web.Content;

namespace Scari.Web.Features.Certificates;

public static class CertificatesSetup
{
    public static IServiceCollection AddScariCertificates(this IServiceCollection services)
    {
        services.AddOptions<CertificateSettings>().BindConfiguration("Certificates");
        services.AddSingleton<CertificateKeys>();
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
    public static string PublicBaseUrl(HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IConfiguration>()["Scari:PublicBaseUrl"];
        return string.IsNullOrWhiteSpace(configured)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : configured.TrimEnd('/');
    }

    public static string VerificationUrl(HttpRequest request, string code) => $"{PublicBaseUrl(request)}/verificar/{code}";
}
