using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.People;

public static class PeopleSetup
{
    public static IServiceCollection AddScariPeople(this IServiceCollection services)
    {
        services.AddScoped<CatalogueSeeder>();
        services.AddScoped<PersonEditor>();
        services.AddScoped<DocumentChanges>();
        services.AddScoped<DuplicateScan>();
        services.AddScoped<MergePeople>();
        services.AddScoped<MergeUndo>();
        services.AddScoped<SignInCodes>();
        services.AddScoped<SignInSlips>();
        services.AddScoped<CatalogueEditor>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<Accounts.StaffRegistration>();
        // Model binding speaks Spanish too (a date or number that does not parse).
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
        {
            var m = o.ModelBindingMessageProvider;
            m.SetAttemptedValueIsInvalidAccessor((value, _) => $"El valor «{value}» no es válido.");
            m.SetValueMustNotBeNullAccessor(_ => "Este campo es obligatorio.");
            m.SetValueIsInvalidAccessor(value => $"El valor «{value}» no es válido.");
            m.SetMissingBindRequiredValueAccessor(_ => "Falta este dato.");
            m.SetValueMustBeANumberAccessor(_ => "Escriba un número.");
            m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"El valor «{value}» no es válido.");
            m.SetUnknownValueIsInvalidAccessor(_ => "El valor no es válido.");
        });
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
