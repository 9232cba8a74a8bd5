namespace Scari.Web.Features.People.Import;

public static class ImportSetup
{
    public static IServiceCollection AddScariImport(this IServiceCollection services)
    {
        services.AddScoped<PeopleImport>();
        services.AddScoped<UnitAliases>();
        return services;
    }
}
