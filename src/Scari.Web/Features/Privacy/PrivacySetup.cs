namespace Scari.Web.Features.Privacy;

public static class PrivacySetup
{
    public static IServiceCollection AddScariPrivacy(this IServiceCollection services)
    {
        services.AddScoped<PrivacyData>();
        services.AddScoped<PrivacyAnonymizer>();
        return services;
    }
}
