namespace Scari.Web.Features.Admin;

public static class AdminSetup
{
    public static IServiceCollection AddScariAdmin(this IServiceCollection services)
    {
        services.AddScoped<AuditQuery>();
        return services;
    }
}
