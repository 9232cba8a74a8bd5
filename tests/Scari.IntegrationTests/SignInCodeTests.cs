using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.People;

namespace Scari.IntegrationTests;

public sealed class SignInCodeTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    private static Task<HttpResponseMessage> UseCodeAsync(HttpClient client, string document, string code) =>
        client.PostFormAsync("/cuenta/ingresar-con-codigo", new() { ["Document"] = document, ["Code"] = code });

    [Fact]
    public async Task A_code_signs_the_student_in_once_with_the_plain_document_number_then_a_password_works()
    {
        var student = await App.CreateStudentAsync(await App.ColegioIdAsync("IE001"), "1043100100", "Andrés", "Peña");
        var issued = Assert.Single(await App.IssueCodesAsync(student));
        Assert.Matches("^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$", issued.Code);
        Assert.Equal("TI-1043100100", await App.WithDbAsync(db => db.Users.Where(u => u.PersonId == student).Select(u => u.UserName).SingleAsync()));

        using var client = App.CreateBrowserLikeClient();
        using var first = await UseCodeAsync(client, "1.043.100.100", issued.Code.ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/cuenta/crear-contrasena", first.Headers.Location!.OriginalString);

        using var password = await client.PostFormAsync("/cuenta/crear-contrasena", new() { ["Password"] = "mi-clave-2026", ["ConfirmPassword"] = "mi-clave-2026" });
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        using var withPassword = await App.SignedInClientAsync("1043100100", "mi-clave-2026");

        using var other = App.CreateBrowserLikeClient();
        using var second = await UseCodeAsync(other, "1043100100", issued.Code);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("Ese código ya se usó o venció. Pida un código nuevo a su coordinador.", WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "person.signin-code-issued" && a.TargetId == student.ToString())));
    }

    [Fact]
    public async Task An_expired_code_or_one_replaced_by_a_newer_code_does_not_sign_in()
    {
        var student = await App.CreateStudentAsync(await App.ColegioIdAsync("IE001"), "1043200200");
        var old = Assert.Single(await App.IssueCodesAsync(student));
        var current = Assert.Single(await App.IssueCodesAsync(student));
        using var client = App.CreateBrowserLikeClient();

        using var replaced = await UseCodeAsync(client, "1043200200", old.Code);
        Assert.Contains("El número de documento o el código no son correctos.", WebUtility.HtmlDecode(await replaced.Content.ReadAsStringAsync()));

        await App.WithDbAsync(db => db.SignInCodes.ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiresUtc, DateTime.UtcNow.AddMinutes(-1))));
        using var expired = await UseCodeAsync(client, "1043200200", current.Code);
        Assert.Contains("Ese código ya se usó o venció.", WebUtility.HtmlDecode(await expired.Content.ReadAsStringAsync()));
        Assert.False(expired.Headers.Contains("Set-Cookie") && expired.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("scari.sesion", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Guessing_codes_makes_the_guesser_wait_but_never_locks_the_account()
    {
        var student = await App.CreateStudentAsync(await App.ColegioIdAsync("IE001"), "1043300300");
        Assert.Single(await App.IssueCodesAsync(student));
        using var client = App.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++)
            (await UseCodeAsync(client, "1043300300", "ZZZZ-ZZZZ")).Dispose();

        using var sixth = await UseCodeAsync(client, "1043300300", "ZZZZ-ZZZZ");
        Assert.Contains("Demasiados intentos fallidos. Intente de nuevo en ", WebUtility.HtmlDecode(await sixth.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, sixth.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.PersonId == student && u.LockoutEnd != null)));
    }

    [Fact]
    public async Task Codes_are_never_issued_for_a_person_whose_account_has_a_staff_role()
    {
        var student = await App.CreateStudentAsync(await App.ColegioIdAsync("IE001"), "1043400400");
        var staff = await App.CreateUserAsync("tutor.con.persona@scari.test", Roles.Tutor);
        await App.WithDbAsync(db => db.Users.Where(u => u.Id == staff.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PersonId, student)));
        Assert.Empty(await App.IssueCodesAsync(student));
    }

    [Fact]
    public async Task A_coordinator_issues_slips_for_a_grade_of_their_colegio_as_one_pdf()
    {
        var colegio = await App.ColegioIdAsync("IE004");
        await App.CreateStudentAsync(colegio, "1043500001", grade: "9");
        await App.CreateStudentAsync(colegio, "1043500002", grade: "9");
        await App.CreateStudentAsync(colegio, "1043500003", grade: "8");
        await App.CreateCoordinatorAsync("coord.slips@scari.test", colegioId: colegio);
        using var client = await App.SignedInClientAsync("coord.slips@scari.test");

        using var response = await client.PostFormAsync("/admin/personas/codigos", new() { ["ColegioId"] = colegio.ToString(), ["Grade"] = "9" });

        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await response.Content.ReadAsByteArrayAsync(), 0, 4));
        Assert.Equal(2, await App.WithDbAsync(db => db.SignInCodes.CountAsync(c => db.Users.Any(u => u.Id == c.UserId && u.UserName!.StartsWith("TI-104350")))));
    }
}

public sealed class CatalogueTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    private Task<CatalogueSeeder.Result> SeedAsync() =>
        App.WithScopeAsync(sp => sp.GetRequiredService<CatalogueSeeder>().SeedAsync(RepoPaths.Content, default));

    [Fact]
    public async Task Seeding_at_start_loads_every_code_and_seeding_again_adds_nothing_and_keeps_admin_changes()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Content, "catalogo", "colegios.csv")).Count(l => l.Length > 0) - 1;
        Assert.Equal(lines, await App.WithDbAsync(db => db.Colegios.CountAsync()));
        await App.WithDbAsync(db => db.Colegios.Where(c => c.Code == "IE001").ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, "Nombre cambiado").SetProperty(c => c.Active, false)));

        var results = await Task.WhenAll(SeedAsync(), SeedAsync()); // two instances starting together
        Assert.All(results, r => Assert.Equal((0, 0), (r.DependenciasAdded, r.ColegiosAdded)));
        Assert.Equal(lines, await App.WithDbAsync(db => db.Colegios.CountAsync()));
        var ie001 = await App.WithDbAsync(db => db.Colegios.SingleAsync(c => c.Code == "IE001"));
        Assert.Equal(("Nombre cambiado", false), (ie001.Name, ie001.Active));
    }

    [Fact]
    public async Task An_administrator_adds_renames_and_deactivates_and_each_change_is_audited()
    {
        await App.CreateUserAsync("admin.cat@scari.test", Roles.Administrador);
        using var client = await App.SignedInClientAsync("admin.cat@scari.test");

        using var added = await client.PostFormAsync("/admin/catalogos", new() { ["kind"] = "Dependencia", ["code"] = "tics", ["name"] = "Oficina TIC" }, formAction: "/admin/catalogos?handler=Add");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var id = await App.DependenciaIdAsync("TICS");
        using var duplicate = await client.PostFormAsync("/admin/catalogos", new() { ["kind"] = "Dependencia", ["code"] = "TICS", ["name"] = "Otra" }, formAction: "/admin/catalogos?handler=Add");
        Assert.Contains("Ya existe el código TICS.", WebUtility.HtmlDecode(await duplicate.Content.ReadAsStringAsync()));

        using var renamed = await client.PostFormAsync("/admin/catalogos", new() { ["kind"] = "Dependencia", ["id"] = id.ToString(), ["name"] = "Oficina de Tecnologías" }, formAction: "/admin/catalogos?handler=Rename");
        using var deactivated = await client.PostFormAsync("/admin/catalogos", new() { ["kind"] = "Dependencia", ["id"] = id.ToString(), ["active"] = "false" }, formAction: "/admin/catalogos?handler=Active");

        var d = await App.WithDbAsync(db => db.Dependencias.SingleAsync(x => x.Id == id));
        Assert.Equal(("Oficina de Tecnologías", false), (d.Name, d.Active));
        var actions = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.TargetId == id.ToString()).Select(a => a.Action).ToListAsync());
        Assert.Equal(["catalogue.deactivated", "catalogue.dependencia-added", "catalogue.dependencia-renamed"], actions.Order());
        // A deactivated dependencia is no longer offered at registration.
        Assert.DoesNotContain("Oficina de Tecnologías", await App.CreateBrowserLikeClient().GetStringAsync("/cuenta/registro"));
    }

    [Fact]
    public async Task An_administrator_creates_a_coordinator_of_a_colegio_and_changes_the_role_later()
    {
        await App.CreateUserAsync("admin.cuentas@scari.test", Roles.Administrador);
        using var client = await App.SignedInClientAsync("admin.cuentas@scari.test");
        var colegio = await App.ColegioIdAsync("IE007");

        using var both = await client.PostFormAsync("/admin/cuentas", new()
        {
            ["Input.FullName"] = "Rosa Coordinadora",
            ["Input.Email"] = "rosa@scari.test",
            ["Input.Role"] = "Coordinador",
            ["Input.ColegioId"] = colegio.ToString(),
            ["Input.DependenciaId"] = (await App.DependenciaIdAsync("SEDU")).ToString(),
            ["Input.Password"] = "clave-larga-2026",
        });
        Assert.Contains("Un coordinador sigue a un colegio o a una dependencia: elija uno de los dos, no ambos.", WebUtility.HtmlDecode(await both.Content.ReadAsStringAsync()));

        using var created = await client.PostFormAsync("/admin/cuentas", new()
        {
            ["Input.FullName"] = "Rosa Coordinadora",
            ["Input.Email"] = "rosa@scari.test",
            ["Input.Role"] = "Coordinador",
            ["Input.ColegioId"] = colegio.ToString(),
            ["Input.Password"] = "clave-larga-2026",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var rosa = await App.WithDbAsync(db => db.Users.SingleAsync(u => u.UserName == "rosa@scari.test"));
        Assert.Equal(colegio, rosa.CoordinatedColegioId);

        using var changed = await client.PostFormAsync($"/admin/cuentas/{rosa.Id}", new() { ["Input.Role"] = "Tutor", ["Input.ColegioId"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var after = await App.WithDbAsync(db => db.Users.Where(u => u.Id == rosa.Id)
            .Select(u => new { u.CoordinatedColegioId, Role = db.UserRoles.Where(r => r.UserId == u.Id).Select(r => r.RoleId).Single() }).SingleAsync());
        Assert.Equal((null, "tutor"), (after.CoordinatedColegioId, after.Role));
        Assert.Equal(2, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.TargetId == rosa.Id)));

        // An administrator cannot demote themself (so there is always one left).
        var me = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin.cuentas@scari.test").Select(u => u.Id).SingleAsync());
        using var self = await client.PostFormAsync($"/admin/cuentas/{me}", new() { ["Input.Role"] = "Tutor" });
        Assert.Contains("No puede quitarse a sí mismo el rol de administrador", WebUtility.HtmlDecode(await self.Content.ReadAsStringAsync()));
    }
}

public sealed class PersonEditTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    [Fact]
    public async Task Correcting_a_students_document_renames_their_account_so_they_still_sign_in_with_it()
    {
        var colegio = await App.ColegioIdAsync("IE002");
        var student = await App.CreateStudentAsync(colegio, "1043700700", "Camilo", "Ruiz", birthDate: new DateOnly(2000, 1, 1));
        var issued = Assert.Single(await App.IssueCodesAsync(student));
        await App.CreateCoordinatorAsync("coord.edit@scari.test", colegioId: colegio);
        using var client = await App.SignedInClientAsync("coord.edit@scari.test");

        using var edited = await client.PostFormAsync($"/admin/personas/{student}/editar", new()
        {
            ["Input.DocumentType"] = "CC",
            ["Input.DocumentNumber"] = "1043700701",
            ["Input.GivenNames"] = "Camilo",
            ["Input.FamilyNames"] = "Ruiz",
            ["Input.Grade"] = "10",
            ["Input.BirthDate"] = "2000-01-01",
        });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal("CC-1043700701", await App.WithDbAsync(db => db.Users.Where(u => u.PersonId == student).Select(u => u.UserName).SingleAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "person.updated" && a.TargetId == student.ToString())));

        using var studentClient = App.CreateBrowserLikeClient();
        using var signIn = await studentClient.PostFormAsync("/cuenta/ingresar-con-codigo", new() { ["Document"] = "1043700701", ["Code"] = issued.Code });
        Assert.Equal("/cuenta/crear-contrasena", signIn.Headers.Location?.OriginalString);
    }
}
