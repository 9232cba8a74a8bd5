namespace Scari.Web.Features.People;

public static class PrivacySetup
{
    public static IServiceCollection AddScariPrivacy(this IServiceCollection services)
    {
        services.AddScoped<PrivacyData>();
        services.AddScoped<PrivacyAnonymizer>();
        return services;
    }
}
