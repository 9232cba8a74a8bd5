using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.People;
using Scari.Web.Features.Privacy;

namespace Scari.IntegrationTests;

public sealed class PeopleScopeTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    [Fact]
    public async Task A_coordinator_gets_404_for_a_person_of_another_colegio_on_detail_edit_and_code_issue()
    {
        var manga = await App.ColegioIdAsync("IE001");
        var crespo = await App.ColegioIdAsync("IE002");
        var own = await App.CreateStudentAsync(manga, "1043000001", "Propia", "De Manga");
        var other = await App.CreateStudentAsync(crespo, "1043000002", "Ajena", "De Crespo");
        await App.CreateCoordinatorAsync("coord.manga@scari.test", colegioId: manga);
        using var client = await App.SignedInClientAsync("coord.manga@scari.test");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/personas/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/personas/{own}/editar")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/personas/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/personas/{other}/editar")).StatusCode);

        // Posting with another person's id: the form of an own person, sent to the other's URL.
        var document = await client.GetDocumentAsync($"/admin/personas/{own}");
        var token = document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var code = await client.PostAsync($"/admin/personas/{other}?handler=Code",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, code.StatusCode);
        using var edit = await client.PostAsync($"/admin/personas/{other}/editar", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("Input.DocumentType", "TI"), new("Input.DocumentNumber", "1043000002"),
            new("Input.GivenNames", "Cambiada"), new("Input.FamilyNames", "Por Otro"), new("Input.Grade", "10"), new("Input.BirthDate", "2005-01-01"),
        ]));
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal("Ajena", await App.WithDbAsync(db => db.People.Where(p => p.Id == other).Select(p => p.GivenNames).SingleAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.Users.CountAsync(u => u.PersonId == other)));

        // The list shows only their colegio, even when searching for the other one.
        var list = await client.GetStringAsync("/admin/personas?q=1043000");
        Assert.Contains("Propia De Manga", list);
        Assert.DoesNotContain("Ajena", list);
    }

    [Fact]
    public async Task A_coordinator_creates_students_only_in_their_own_colegio_whatever_the_form_says()
    {
        var manga = await App.ColegioIdAsync("IE001");
        var crespo = await App.ColegioIdAsync("IE002");
        await App.CreateCoordinatorAsync("coord2.manga@scari.test", colegioId: manga);
        using var client = await App.SignedInClientAsync("coord2.manga@scari.test");

        using var response = await client.PostFormAsync("/admin/personas/nuevo-estudiante", new()
        {
            ["Input.DocumentType"] = "CC",
            ["Input.DocumentNumber"] = "1001234567",
            ["Input.GivenNames"] = "Adulta",
            ["Input.FamilyNames"] = "Mayor",
            ["Input.ColegioId"] = crespo.ToString(),
            ["Input.Grade"] = "11",
            ["Input.BirthDate"] = "2006-02-03",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(manga, await App.WithDbAsync(db => db.People.Where(p => p.DocumentNumber == "1001234567").Select(p => p.ColegioId).SingleAsync()));
    }

    [Fact]
    public async Task Tutors_and_learners_have_no_access_to_people_and_coordinators_none_to_accounts_or_catalogues()
    {
        await App.CreateUserAsync("tutor@scari.test", Roles.Tutor);
        await App.CreateUserAsync("aprendiz@scari.test", Roles.Aprendiz);
        await App.CreateCoordinatorAsync("coord3@scari.test", colegioId: await App.ColegioIdAsync("IE003"));
        using var tutor = await App.SignedInClientAsync("tutor@scari.test");
        using var learner = await App.SignedInClientAsync("aprendiz@scari.test");
        using var coordinator = await App.SignedInClientAsync("coord3@scari.test");

        foreach (var url in new[] { "/admin/personas", "/admin/personas/nuevo-estudiante", "/admin/personas/codigos" })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await tutor.GetAsync(url)).StatusCode);
            Assert.Contains("/cuenta/acceso-denegado", (await learner.GetAsync(url)).Headers.Location!.OriginalString);
        }
        foreach (var url in new[] { "/admin/cuentas", "/admin/catalogos" })
            Assert.Contains("/cuenta/acceso-denegado", (await coordinator.GetAsync(url)).Headers.Location!.OriginalString);
    }
}

public sealed class StudentTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    private async Task<Dictionary<string, string>> MinorAsync(string number) => new()
    {
        ["Input.DocumentType"] = "TI",
        ["Input.DocumentNumber"] = number,
        ["Input.GivenNames"] = "Sofía",
        ["Input.FamilyNames"] = "Gómez Ñáñez",
        ["Input.ColegioId"] = (await App.ColegioIdAsync("IE005")).ToString(),
        ["Input.Grade"] = "10",
        ["Input.BirthDate"] = Bogota.Today(TimeProvider.System).AddYears(-15).ToString("yyyy-MM-dd"),
    };

    [Fact]
    public async Task A_minor_without_the_guardian_consent_is_refused_and_nothing_is_written()
    {
        await App.CreateUserAsync("admin.est@scari.test", Roles.Administrador);
        using var client = await App.SignedInClientAsync("admin.est@scari.test");
        var form = await MinorAsync("1043555666");
        form["Input.ConsentDate"] = "";

        using var response = await client.PostFormAsync("/admin/personas/nuevo-estudiante", form);

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Es menor de 18 años: escriba el nombre de la madre, el padre o el acudiente que autoriza.", html);
        Assert.Contains("Es menor de 18 años: elija cómo se dio la autorización (", html);
        Assert.Equal(0, await App.WithDbAsync(db => db.People.CountAsync(p => p.DocumentNumber == "1043555666")));
    }

    [Fact]
    public async Task A_minor_with_the_guardian_consent_is_saved_with_who_when_and_how()
    {
        await App.CreateUserAsync("admin.est2@scari.test", Roles.Administrador);
        using var client = await App.SignedInClientAsync("admin.est2@scari.test");
        var form = await MinorAsync("1043555777");
        form["Input.GuardianName"] = "Luz Ñáñez";
        form["Input.GuardianRelationship"] = "Madre";
        form["Input.GuardianDocument"] = "45.123.456";
        form["Input.ConsentMethod"] = "Formulario firmado";
        form["Input.ConsentDate"] = Bogota.Today(TimeProvider.System).AddDays(-2).ToString("yyyy-MM-dd");

        using var response = await client.PostFormAsync("/admin/personas/nuevo-estudiante", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var consent = await App.WithDbAsync(db => db.Consents.Where(c => c.Person.DocumentNumber == "1043555777").SingleAsync());
        Assert.Equal(ConsentKind.GuardianConsent, consent.Kind);
        Assert.Equal(("Luz Ñáñez", "Madre", "45123456", "Formulario firmado"), (consent.GuardianName, consent.GuardianRelationship, consent.GuardianDocument, consent.Method));
        Assert.Equal(Bogota.Today(TimeProvider.System).AddDays(-2), DateOnly.FromDateTime(Bogota.ToLocal(consent.GivenUtc)));
        var personId = (await App.WithDbAsync(db => db.People.Where(p => p.DocumentNumber == "1043555777").Select(p => p.Id).SingleAsync())).ToString();
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "person.student-created" && a.TargetId == personId)));

        var detail = WebUtility.HtmlDecode(await client.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Contains("Luz Ñáñez (Madre, documento 45123456), Formulario firmado", detail);
    }

    public static TheoryData<string, string, string?> Documents => new()
    {
        { "CC", "1.001.234.567", null },
        { "CC", "10012345678", "El número de cédula de ciudadanía debe tener solo dígitos, entre 3 y 10." },
        { "TI", "1043123456", null },
        { "TI", "104312", "El número de tarjeta de identidad debe tener solo dígitos, entre 10 y 11." },
        { "RC", "1043123457", null },
        { "RC", "12-34", "El número de registro civil de nacimiento debe tener solo letras sin tilde y dígitos, entre 6 y 11." },
        { "CE", "E456789", null },
        { "CE", "45#6789", "El número de cédula de extranjería debe tener solo letras sin tilde y dígitos, entre 3 y 10." },
        { "PPT", "4567891", null },
        { "PPT", "45A7891", "El número de permiso por protección temporal debe tener solo dígitos, entre 5 y 10." },
        { "PEP", "123456789012", null },
        { "PEP", "1234", "El número de permiso especial de permanencia debe tener solo dígitos, entre 9 y 15." },
        { "PA", "AV123456", null },
        { "PA", "PASAPORTE", "El número de pasaporte debe tener al menos un dígito." },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Each_document_type_is_checked_when_an_adult_student_is_created(string type, string number, string? message)
    {
        var admin = $"admin.{Guid.NewGuid():N}@scari.test";
        await App.CreateUserAsync(admin, Roles.Administrador);
        using var client = await App.SignedInClientAsync(admin);
        using var response = await client.PostFormAsync("/admin/personas/nuevo-estudiante", new()
        {
            ["Input.DocumentType"] = type,
            ["Input.DocumentNumber"] = number,
            ["Input.GivenNames"] = "Adulto",
            ["Input.FamilyNames"] = "Estudiante",
            ["Input.ColegioId"] = (await App.ColegioIdAsync("IE010")).ToString(),
            ["Input.Grade"] = "11",
            ["Input.BirthDate"] = "2000-05-05",
        });
        var normalized = DocumentRules.Normalize(number);
        var saved = await App.WithDbAsync(db => db.People.CountAsync(p => p.DocumentType == Enum.Parse<DocumentType>(type) && p.DocumentNumber == normalized));
        if (message is null)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(1, saved);
        }
        else
        {
            Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
            Assert.Equal(0, saved);
        }
    }

    [Fact]
    public async Task A_second_person_with_the_same_document_is_refused_with_a_Spanish_message()
    {
        await App.CreateUserAsync("admin.dup@scari.test", Roles.Administrador);
        await App.CreateStudentAsync(await App.ColegioIdAsync("IE001"), "1043888999");
        using var client = await App.SignedInClientAsync("admin.dup@scari.test");
        var form = await MinorAsync("1.043.888.999");
        form["Input.BirthDate"] = "2000-01-01";
        using var response = await client.PostFormAsync("/admin/personas/nuevo-estudiante", form);
        Assert.Contains("Ya existe una persona registrada con tarjeta de identidad número 1043888999.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.People.CountAsync(p => p.DocumentNumber == "1043888999")));
    }
}
