using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Courses;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;
using Scari.Web.Features.Privacy;

namespace Scari.IntegrationTests.Privacy;

public sealed class PrivacyTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    /// <summary>A staff person with an account, a consent, an enrollment with progress, an attempt, a completion and a certificate.</summary>
    private async Task<(int PersonId, ScariUser User)> PersonWithHistoryAsync(string email, string document, string cargo = "Profesional universitario")
    {
        var user = await App.CreateUserAsync(email, Roles.Aprendiz, fullName: "Ana María Rodríguez");
        var personId = await App.WithDbAsync(async db =>
        {
            var course = await db.CourseVersions.FirstOrDefaultAsync(v => v.CourseId == "privacidad-prueba")
                ?? db.CourseVersions.Add(new CourseVersion { CourseId = "privacidad-prueba", Version = "1", ContentHash = "hash-privacidad", Title = "Curso de prueba de privacidad", Hours = 20, PassScore = 70, LoadedUtc = DateTime.UtcNow }).Entity;
            var person = new Person
            {
                DocumentType = DocumentType.CC, DocumentNumber = document, GivenNames = "Ana María", FamilyNames = "Rodríguez",
                Email = email, Audience = Audience.Staff, Cargo = cargo, Vinculo = Vinculo.Planta, CreatedUtc = DateTime.UtcNow,
            };
            db.People.Add(person);
            db.Consents.Add(new Consent { Person = person, Kind = ConsentKind.DataTreatment, TextVersion = "2026-01", GivenUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
            var enrollment = new Enrollment { PersonId = person.Id, CourseId = course.CourseId, CourseVersionId = course.Id, Source = EnrollmentSource.Self, EnrolledUtc = DateTime.UtcNow, CompletedUtc = DateTime.UtcNow };
            db.Enrollments.Add(enrollment);
            await db.SaveChangesAsync();
            db.LessonProgress.Add(new LessonProgress { EnrollmentId = enrollment.Id, LessonId = "leccion-uno", CompletedUtc = DateTime.UtcNow });
            db.QuizAttempts.Add(new QuizAttempt { EnrollmentId = enrollment.Id, QuizId = "modulo-evaluacion", SubmittedUtc = DateTime.UtcNow, Score = 90, Passed = true });
            var completion = new Completion { PersonId = person.Id, CourseId = course.CourseId, CourseVersionId = course.Id, EnrollmentId = enrollment.Id, Source = CompletionSource.Online, CompletedUtc = DateTime.UtcNow, Hours = 20 };
            db.Completions.Add(completion);
            await db.SaveChangesAsync();
            db.Certificates.Add(new Certificate { Code = CertificateCode.New(2026), CompletionId = completion.Id, PersonId = person.Id, HolderName = "Ana María Rodríguez", DocumentType = "CC", DocumentNumber = document, CourseId = course.CourseId, CourseTitle = course.Title, CourseVersion = "1", Hours = 20, IssuedUtc = DateTime.UtcNow });
            db.AuditEntries.Add(new AuditEntry { AtUtc = DateTime.UtcNow, ActorName = "coordinadora@scari.test", Action = "person.updated", TargetType = "Person", TargetId = person.Id.ToString(), Summary = $"CC {document}, Ana María Rodríguez → cargo" });
            db.AuditEntries.Add(new AuditEntry { AtUtc = DateTime.UtcNow, ActorName = "tutor@scari.test", Action = "enrollment.created", TargetType = "Enrollment", TargetId = enrollment.Id.ToString(), Summary = $"CC {document} en {course.CourseId}" });
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PersonId, person.Id));
            await db.SaveChangesAsync();
            return person.Id;
        });
        return (personId, user);
    }

    [Fact]
    public async Task Mis_datos_shows_everything_held_about_the_person_and_exports_it_as_JSON_and_CSV()
    {
        await PersonWithHistoryAsync("ana.misdatos@scari.test", "52123456", cargo: "=HIPERVINCULO(\"http://x\")");
        using var client = await App.SignedInClientAsync("ana.misdatos@scari.test");

        var html = await client.GetStringAsync("/mi-cuenta/mis-datos");
        foreach (var expected in new[] { "52123456", "Ana María", "Rodríguez", "Tratamiento de datos", "Curso de prueba de privacidad", "leccion-uno", "modulo-evaluacion", "Datos de la persona cambiados" })
            Assert.Contains(expected, html);
        Assert.Contains(await App.WithDbAsync(db => db.Certificates.Where(c => c.DocumentNumber == "52123456").Select(c => c.Code).SingleAsync()), html);

        using var json = await client.GetAsync("/mi-cuenta/mis-datos?handler=Json");
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        using var doc = JsonDocument.Parse(await json.Content.ReadAsStreamAsync());
        Assert.Equal("52123456", doc.RootElement.GetProperty("persona")[0].GetProperty("Número de documento").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("finalizaciones").GetArrayLength());
        Assert.Equal("90", doc.RootElement.GetProperty("intentos")[0].GetProperty("Puntaje").GetString());
        Assert.Equal("ana.misdatos@scari.test", doc.RootElement.GetProperty("cuenta")[0].GetProperty("Correo").GetString());

        using var csv = await client.GetAsync("/mi-cuenta/mis-datos?handler=Csv");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("sección;registro;campo;valor\r\n", text);
        Assert.Contains("Datos personales;1;Número de documento;52123456\r\n", text);
        Assert.Contains("Datos personales;1;Cargo;\"'=HIPERVINCULO(\"\"http://x\"\")\"", text); // the formula is neutralized
    }

    [Fact]
    public async Task A_staff_account_without_a_person_sees_its_account_data()
    {
        await App.CreateUserAsync("tutor.misdatos@scari.test", Roles.Tutor, fullName: "Tutor de Prueba");
        using var client = await App.SignedInClientAsync("tutor.misdatos@scari.test");
        var html = await client.GetStringAsync("/mi-cuenta/mis-datos");
        Assert.Contains("tutor.misdatos@scari.test", html);
        Assert.Contains("Tutor", html);
        Assert.DoesNotContain("Datos personales", html);
    }

    [Fact]
    public async Task Anonymizing_erases_personal_fields_disables_the_account_and_keeps_the_indicator_counts()
    {
        var (personId, user) = await PersonWithHistoryAsync("ana.anonima@scari.test", "52999888");
        await PersonWithHistoryAsync("otra.persona@scari.test", "52777666");
        async Task<(int People, int Completions)> CountsAsync() => await App.WithDbAsync(async db =>
            (await db.Completions.Select(c => c.PersonId).Distinct().CountAsync(),
             await db.Completions.CountAsync(c => c.CourseId == "privacidad-prueba")));
        var before = await CountsAsync();

        var code = await App.WithDbAsync(db => db.Certificates.Where(c => c.PersonId == personId).Select(c => c.Code).SingleAsync());
        await App.MakeLegacyCertificateAsync(code); // signed, so /verificar shows it before the anonymization
        using var anonymous = App.CreateClient();
        Assert.Contains("Ana María Rodríguez", await anonymous.GetStringAsync($"/verificar/{code}"));

        await App.CreateUserAsync("admin.anonimiza@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin.anonimiza@scari.test");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/certificados/{code}.pdf")).StatusCode);
        var url = $"/admin/personas/{personId}/anonimizar";
        var confirmPage = await admin.GetStringAsync(url);
        Assert.Contains("Ana María Rodríguez", confirmPage);
        Assert.Contains("no se puede deshacer", confirmPage);
        Assert.Contains("Sus 1 certificados dejarán de mostrar a quién se otorgaron", confirmPage);

        using var unconfirmed = await admin.PostFormAsync(url, new() { ["Reason"] = "Solicitud del titular, radicado 2026-118" });
        Assert.Contains("Marque la casilla para confirmar", await unconfirmed.Content.ReadAsStringAsync());
        using var noReason = await admin.PostFormAsync(url, new() { ["Reason"] = "", ["Confirm"] = "true" });
        Assert.Contains("Escriba el motivo", await noReason.Content.ReadAsStringAsync());
        Assert.Null(await App.WithDbAsync(db => db.People.Where(p => p.Id == personId).Select(p => p.AnonymizedUtc).SingleAsync()));

        using var done = await admin.PostFormAsync(url, new() { ["Reason"] = "Solicitud del titular, radicado 2026-118", ["Confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        var person = await App.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == personId));
        Assert.Equal(PrivacyAnonymizer.AnonymousName, person.FullName);
        Assert.StartsWith("ANON", person.DocumentNumber);
        Assert.DoesNotContain("52999888", person.DocumentNumber);
        Assert.Null(person.Email);
        Assert.Null(person.Cargo);
        Assert.Null(person.BirthDate);
        Assert.NotNull(person.AnonymizedUtc);

        var account = await App.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id));
        Assert.Null(account.Email);
        Assert.Null(account.PasswordHash);
        Assert.DoesNotContain("ana", account.UserName!);
        Assert.Equal(PrivacyAnonymizer.AnonymousName, account.FullName);
        using var refused = App.CreateBrowserLikeClient();
        using var signIn = await refused.PostFormAsync("/cuenta/ingresar", new() { ["Input.UserName"] = "ana.anonima@scari.test", ["Input.Password"] = ScariAppFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode); // the form again: no such account any more

        // The audit log keeps who did what and when, without the person's data; the anonymization is audited.
        var entries = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().ToListAsync());
        Assert.DoesNotContain(entries, e => (e.Summary ?? "").Contains("52999888") || (e.Summary ?? "").Contains("Rodríguez") && e.TargetId == personId.ToString());
        Assert.Contains(entries, e => e.Action == "enrollment.created" && e.Summary == AuditLog.RedactedSummary);
        var anonymized = Assert.Single(entries, e => e.Action == "person.anonymized" && e.TargetId == personId.ToString());
        Assert.Contains("radicado 2026-118", anonymized.Summary);
        Assert.Equal("admin.anonimiza@scari.test", anonymized.ActorName);
        Assert.Contains(entries, e => (e.Summary ?? "").Contains("52777666")); // the other person is untouched

        Assert.Equal(before, await CountsAsync());

        // The certificate's snapshot loses the name and document too; the code no longer says whose it was, anywhere.
        var certificate = await App.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.Code == code));
        Assert.Equal(PrivacyAnonymizer.AnonymousName, certificate.HolderName);
        Assert.Equal(person.DocumentNumber, certificate.DocumentNumber);
        Assert.NotNull(certificate.HolderSuppressedUtc);
        Assert.Null(certificate.RevokedUtc); // the completion keeps counting: a revocation would drop it from the indicators
        var verification = await anonymous.GetStringAsync($"/verificar/{code}");
        Assert.Contains("Sin titular verificable", verification);
        Assert.DoesNotContain("Rodríguez", verification);
        Assert.DoesNotContain("9888", verification);
        Assert.DoesNotContain("Válido", verification);
        using var api = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/certificados/{code}"));
        Assert.Equal("holder-suppressed", api.RootElement.GetProperty("state").GetString());
        Assert.Equal("", api.RootElement.GetProperty("holderName").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/certificados/{code}.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/certificados/{code}.json")).StatusCode);
        var row = FormPosting.Parse(await admin.GetStringAsync($"/admin/certificados?q={code}")).QuerySelectorAll("tbody tr").Single();
        Assert.Contains("Titular anonimizado", row.TextContent);
        Assert.Null(row.QuerySelector($"a[href='/certificados/{code}.pdf']"));
        Assert.Null(row.QuerySelector("form"));
        var reissue = await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().ReissueAsync(code, default));
        Assert.Null(reissue);
        Assert.Contains("1 certificado(s) sin titular", anonymized.Summary);

        var again = await admin.GetStringAsync(url);
        Assert.Contains("ya fue anonimizada", again);
        Assert.DoesNotContain("name=\"Reason\"", again);
    }

    [Fact]
    public async Task Only_administrators_anonymize_and_an_unknown_person_is_404()
    {
        var (personId, _) = await PersonWithHistoryAsync("ana.protegida@scari.test", "52111222");
        await App.CreateUserAsync("coordina.privacidad@scari.test", Roles.Coordinador);
        using var coordinator = await App.SignedInClientAsync("coordina.privacidad@scari.test");
        using var denied = await coordinator.GetAsync($"/admin/personas/{personId}/anonimizar");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/cuenta/acceso-denegado", denied.Headers.Location!.PathAndQuery);

        await App.CreateUserAsync("admin.404@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin.404@scari.test");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/personas/999999/anonimizar")).StatusCode);
    }

    [Fact]
    public async Task Creating_a_minor_student_stores_no_e_mail_even_when_one_is_given()
    {
        var personId = await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Scari.Web.Data.ScariDbContext>();
            var colegio = await db.Colegios.FirstOrDefaultAsync() ?? db.Colegios.Add(new Colegio { Code = "T-PRIV", Name = "Colegio de prueba" }).Entity;
            await db.SaveChangesAsync();
            var today = Scari.Web.Bogota.Today(TimeProvider.System); // the app's today: between 00:00 and 05:00 UTC it is still yesterday
            var result = await sp.GetRequiredService<PersonEditor>().CreateAsync(new PeopleScope(true, null, null, null), Audience.Student, new PersonInput
            {
                DocumentType = DocumentType.TI, DocumentNumber = "1012345678", GivenNames = "Sofía", FamilyNames = "Gómez",
                Email = "sofia.menor@correo.test", ColegioId = colegio.Id, Grade = "9", BirthDate = today.AddYears(-14),
                GuardianName = "Laura Gómez", GuardianRelationship = ConsentMethods.Relationships[0], GuardianDocument = "52000111",
                ConsentMethod = ConsentMethods.All[0], ConsentDate = today,
            }, null, default);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
            return result.PersonId!.Value;
        });
        var stored = await App.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == personId));
        Assert.Null(stored.Email);
        Assert.Null(stored.Cargo);
        Assert.Null(stored.DependenciaId);
    }
}
