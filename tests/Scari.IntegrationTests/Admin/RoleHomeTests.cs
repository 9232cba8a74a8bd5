using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.People;

namespace Scari.IntegrationTests.Admin;

/// <summary>
/// Each role sees its own work (issue 19, item 4): a school's coordinator is offered students and youth courses only,
/// a dependencia's coordinator civil servants and staff courses only; every home counts the viewer's own people and
/// shows no technical facts, which administrators find on /admin/sistema.
/// </summary>
public sealed class RoleHomeTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    /// <summary>Words of the machine room that no home page shows to anyone.</summary>
    private static readonly string[] Jargon = ["SQLite", "PostgreSQL", "Base de datos", "base de datos"];

    private static string Text(IHtmlDocument page) => page.QuerySelector("main")!.TextContent;

    private static string Count(IHtmlDocument page, string label)
    {
        var term = page.QuerySelectorAll(".home-counts dt").SingleOrDefault(d => d.TextContent.Trim() == label);
        Assert.True(term is not null, $"La portada no muestra «{label}»: {page.QuerySelector(".home-counts")?.TextContent}");
        return term.NextElementSibling!.TextContent.Trim();
    }

    private static IReadOnlyList<string> CourseChoices(IHtmlDocument page, string select) =>
        page.QuerySelectorAll($"select[name='{select}'] option").Select(o => o.GetAttribute("value") ?? "").Where(v => v.Length > 0).ToList();

    private Task<int> StaffPersonAsync(int dependenciaId, string number, string given) => App.WithDbAsync(async db =>
    {
        var person = new Person
        {
            DocumentType = DocumentType.CC, DocumentNumber = number, GivenNames = given, FamilyNames = "Servidora",
            Audience = Audience.Staff, DependenciaId = dependenciaId, Vinculo = Vinculo.Planta, CreatedUtc = DateTime.UtcNow,
        };
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person.Id;
    });

    [Fact]
    public async Task A_school_coordinator_is_offered_students_and_youth_courses_only_and_counts_their_own_school()
    {
        var school = await App.ColegioIdAsync("IE001");
        var other = await App.ColegioIdAsync("IE002");
        await App.CreateStudentAsync(school, "1043190001", "Primera", "Del Colegio");
        await App.CreateStudentAsync(school, "1043190002", "Segunda", "Del Colegio");
        await App.CreateStudentAsync(other, "1043190003", "Ajena", "De Otro");
        await App.CreateCompletionAsync("Tercera", "Del Colegio", "1043190004", courseId: "pensamiento-computacional", colegioId: school);
        await App.CreateCoordinatorAsync("coord.colegio.19@scari.test", colegioId: school);
        using var client = await App.SignedInClientAsync("coord.colegio.19@scari.test");

        var home = await client.GetDocumentAsync("/admin");
        Assert.Equal("3", Count(home, "Estudiantes"));
        Assert.Equal("1", Count(home, "Inscripciones"));
        Assert.Equal("1", Count(home, "Cursos terminados"));
        Assert.Equal("0", Count(home, "Certificados vigentes"));
        var text = Text(home);
        Assert.DoesNotContain(Jargon, j => text.Contains(j));
        Assert.DoesNotContain("revocar, reemplazar", text);
        Assert.DoesNotContain("Formación presencial", text);
        Assert.Null(home.QuerySelector("a[href='/admin/sistema']"));

        var people = await client.GetDocumentAsync("/admin/personas");
        Assert.NotNull(people.QuerySelector("a[href='/admin/personas/nuevo-estudiante']"));
        Assert.Null(people.QuerySelector("a[href='/admin/personas/nuevo-funcionario']"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/personas/nuevo-funcionario")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/personas/codigos")).StatusCode);

        foreach (var (url, select) in new[] { ("/admin/inscripciones", "CourseId"), ("/admin/cohortes/nueva", "Input.CourseId"), ("/admin/certificados", "curso") })
        {
            var courses = CourseChoices(await client.GetDocumentAsync(url), select);
            Assert.Contains("pensamiento-computacional", courses);
            Assert.DoesNotContain("seguridad-digital", courses);
            Assert.DoesNotContain("computacion-nube-aws", courses);
        }

        // A staff course sent by hand is refused with a reason, and no cohort is written.
        using var response = await client.PostFormAsync("/admin/cohortes/nueva", new()
        {
            ["Input.Name"] = "Cohorte equivocada 19", ["Input.CourseId"] = "seguridad-digital",
            ["Input.StartDate"] = "2026-02-01", ["Input.EndDate"] = "2026-06-30",
        });
        var refused = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Ese curso no es para las personas de su colegio", refused);
        Assert.False(await App.WithDbAsync(db => db.Cohorts.AnyAsync(c => c.Name == "Cohorte equivocada 19")));
    }

    [Fact]
    public async Task A_dependencia_coordinator_is_offered_civil_servants_and_staff_courses_only()
    {
        var dependencia = await App.WithDbAsync(db => db.Dependencias.OrderBy(d => d.Id).Select(d => d.Id).FirstAsync());
        await StaffPersonAsync(dependencia, "80190001", "Marta");
        await App.CreateStudentAsync(await App.ColegioIdAsync("IE003"), "1043190011", "Estudiante", "Ajena");
        await App.CreateCoordinatorAsync("coord.dependencia.19@scari.test", dependenciaId: dependencia);
        using var client = await App.SignedInClientAsync("coord.dependencia.19@scari.test");

        var home = await client.GetDocumentAsync("/admin");
        Assert.Equal("1", Count(home, "Servidores públicos"));
        Assert.Null(home.QuerySelector("a[href='/admin/personas/codigos']"));
        Assert.DoesNotContain(Jargon, j => Text(home).Contains(j));

        var people = await client.GetDocumentAsync("/admin/personas");
        Assert.NotNull(people.QuerySelector("a[href='/admin/personas/nuevo-funcionario']"));
        Assert.Null(people.QuerySelector("a[href='/admin/personas/nuevo-estudiante']"));
        Assert.Null(people.QuerySelector("a[href='/admin/personas/codigos']"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/personas/nuevo-estudiante")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/personas/codigos")).StatusCode);

        var courses = CourseChoices(await client.GetDocumentAsync("/admin/inscripciones"), "CourseId");
        Assert.Contains("seguridad-digital", courses);
        Assert.DoesNotContain("pensamiento-computacional", courses);
    }

    [Fact]
    public async Task The_administrator_home_promises_revocation_and_keeps_the_technical_facts_on_the_system_page()
    {
        await App.CreateUserAsync("admin.19@scari.test", Roles.Administrador);
        using var client = await App.SignedInClientAsync("admin.19@scari.test");

        var home = await client.GetDocumentAsync("/admin");
        var text = Text(home);
        Assert.Contains("revocar, reemplazar", text);
        Assert.DoesNotContain(Jargon, j => text.Contains(j));
        Assert.NotNull(home.QuerySelector("a[href='/admin/sistema']"));
        Assert.Equal(await App.WithDbAsync(db => db.People.CountAsync(p => p.AnonymizedUtc == null)), int.Parse(Count(home, "Personas").Replace(".", "")));

        var system = Text(await client.GetDocumentAsync("/admin/sistema"));
        Assert.Contains("PostgreSQL", system);
    }

    [Fact]
    public async Task A_tutor_home_counts_their_cohorts_and_offers_no_management()
    {
        await App.CreateUserAsync("tutor.19@scari.test", Roles.Tutor);
        using var client = await App.SignedInClientAsync("tutor.19@scari.test");

        var home = await client.GetDocumentAsync("/admin");
        Assert.Equal("0", Count(home, "Cohortes"));
        Assert.Null(home.QuerySelector("a[href='/admin/personas']"));
        Assert.Null(home.QuerySelector("a[href='/admin/certificados']"));
        Assert.DoesNotContain(Jargon, j => Text(home).Contains(j));
    }
}
