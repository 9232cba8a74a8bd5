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
}
