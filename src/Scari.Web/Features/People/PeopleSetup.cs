using Scari.Web.Data;

namespace Scari.Web.Features.People;

public static class PeopleSetup
{
    public static IServiceCollection AddScariPeople(this IServiceCollection services)
    {
        services.AddScoped<CatalogueSeeder>();
        return services;
    }

    /// <summary>Inserts catalogue codes that are new in content/catalogo (never deletes, never renames).</summary>
    public static async Task SeedCataloguesAsync(this WebApplication app)
    {
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var folder = ScariPaths.ContentDirectory(app.Configuration, app.Environment);
            await scope.ServiceProvider.GetRequiredService<CatalogueSeeder>().SeedAsync(folder, default);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            // Like the first-administrator check: the app still starts while the database is down or not migrated.
            app.Logger.LogWarning(ex, "No se pudieron cargar los catálogos de dependencias y colegios.");
        }
    }
}
