using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests.Security;

/// <summary>Finding 10 of the security review: no invisible control characters in stored free text, and NFC.</summary>
public sealed class FreeTextTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    /// <summary>Every string a page binds from a request: [BindProperty] properties, their nested inputs, and handler parameters.</summary>
    private static IEnumerable<string> BoundStrings()
    {
        static IEnumerable<string> Walk(Type type, string path, int depth)
        {
            if (type == typeof(string)) { yield return path; yield break; }
            if (depth > 2 || type.IsPrimitive || type.IsEnum || type == typeof(DateOnly) || type == typeof(DateTime) || Nullable.GetUnderlyingType(type) is not null) yield break;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            {
                foreach (var p in Walk(type.GetGenericArguments()[0], path + "[]", depth + 1)) yield return p;
                yield break;
            }
            if (!type.IsClass || type.Namespace?.StartsWith("Scari", StringComparison.Ordinal) != true) yield break;
            foreach (var prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                foreach (var p in Walk(prop.PropertyType, $"{path}.{prop.Name}", depth + 1)) yield return p;
        }
        var pages = typeof(Program).Assembly.GetTypes().Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract);
        foreach (var page in pages)
        {
            foreach (var prop in page.GetProperties().Where(p => p.GetCustomAttribute<BindPropertyAttribute>() is not null))
                foreach (var p in Walk(prop.PropertyType, $"{page.Name}.{prop.Name}", 0)) yield return p;
            foreach (var handler in page.GetMethods().Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal) || m.Name.StartsWith("OnGet", StringComparison.Ordinal)))
                foreach (var parameter in handler.GetParameters())
                    foreach (var p in Walk(parameter.ParameterType, $"{page.Name}.{handler.Name}({parameter.Name})", 0)) yield return p;
        }
    }

    [Fact]
    public void Every_string_a_page_binds_goes_through_the_cleaning_binder()
    {
        var fields = BoundStrings().Distinct().ToList();
        var mvc = App.Services.GetRequiredService<IOptions<MvcOptions>>().Value;
        // First provider: it answers for every string before the framework's own binders are asked.
        Assert.IsType<CleanStringBinderProvider>(mvc.ModelBinderProviders[0]);
        var bypassing = typeof(Program).Assembly.GetTypes().SelectMany(t => t.GetProperties())
            .Where(p => p.PropertyType == typeof(string) && p.GetCustomAttribute<ModelBinderAttribute>() is not null).Select(p => p.Name).ToList();
        Assert.Empty(bypassing);
        TestContext.Current.TestOutputHelper?.WriteLine($"{fields.Count} campos de texto ligados: {string.Join(", ", fields)}");
        Assert.True(fields.Count > 40, $"solo {fields.Count} campos: ¿cambió la forma de ligar los formularios?");
        Assert.Contains(fields, f => f.Contains("CohortNew", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cohort_name_a_cargo_and_a_session_name_are_stored_without_bidi_or_zero_width_characters_and_in_NFC()
    {
        await App.CreateUserAsync("admin.texto@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin.texto@scari.test");
        var course = await App.WithDbAsync(db => db.CourseVersions.Where(v => v.IsCurrent).Select(v => v.CourseId).FirstAsync());

        using var cohort = await admin.PostFormAsync("/admin/cohortes/nueva", new()
        {
            ["Input.Name"] = "Cohorte\u202E A01\u200B Jose\u0301",
            ["Input.CourseId"] = course,
            ["Input.StartDate"] = "2026-02-01",
            ["Input.EndDate"] = "2026-03-01",
        });
        Assert.Equal(HttpStatusCode.Redirect, cohort.StatusCode);
        Assert.True(await App.WithDbAsync(db => db.Cohorts.AnyAsync(c => c.Name == "Cohorte A01 José")));

        using var session = await admin.PostFormAsync("/admin/formacion-presencial", new()
        {
            ["Input.CourseId"] = course,
            ["Input.Name"] = "\uFEFFTaller\u2066 SIGOB\u2069",
            ["Input.Date"] = "2026-02-10",
            ["Input.Hours"] = "4",
            ["Input.TutorName"] = "Ana\u200D Pérez",
        });
        Assert.True(await App.WithDbAsync(db => db.TrainingSessions.AnyAsync(s => s.Name == "Taller SIGOB" && s.TutorName == "Ana Pérez")),
            $"respuesta {(int)session.StatusCode}");

        using var register = App.CreateBrowserLikeClient();
        var dependencia = await App.WithDbAsync(db => db.Dependencias.Select(d => d.Id).FirstAsync());
        using var registered = await register.PostFormAsync("/cuenta/registro", new()
        {
            ["Input.DocumentType"] = "CC",
            ["Input.DocumentNumber"] = "1047396001",
            ["Input.GivenNames"] = "Irene\u200B",
            ["Input.FamilyNames"] = "Ocampo",
            ["Input.Email"] = "irene.ocampo@correo.test",
            ["Input.DependenciaId"] = dependencia.ToString(),
            ["Input.Vinculo"] = "Planta",
            ["Input.Cargo"] = "Profesional\u202E universitario",
            ["Input.Password"] = "tortuga-azul-viaja-despacio",
            ["Input.ConfirmPassword"] = "tortuga-azul-viaja-despacio",
            ["Input.AcceptsPrivacyNotice"] = "true",
        });
        Assert.True(await App.WithDbAsync(db => db.People.AnyAsync(p => p.DocumentNumber == "1047396001" && p.GivenNames == "Irene" && p.Cargo == "Profesional universitario")),
            $"registro respondió {(int)registered.StatusCode}");
    }
}
