using Microsoft.Extensions.Options;
using Scari.Web.Data;

namespace Scari.Web.Features.Certificates;

public static class CertificatesSetup
{
    public static IServiceCollection AddScariCertificates(this IServiceCollection services)
    {
        services.AddOptions<CertificateSettings>().BindConfiguration("Certificates");
        services.AddSingleton<CertificateKeys>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<CertificateSettings>>().Value;
            var logo = settings.LogoPath is { Length: > 0 } path
                ? Path.Combine(ScariPaths.ContentDirectory(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()), path)
                : null;
            return new CertificatePdf(settings.Program, logo);
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
