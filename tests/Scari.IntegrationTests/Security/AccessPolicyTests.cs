using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.People;

namespace Scari.IntegrationTests.Security;

/// <summary>The app as deployed: every role that sees minors' data needs two-factor sign-in.</summary>
public sealed class TwoFactorEverywhereApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Security:TwoFactor:Administrador", "true"),
            ("Security:TwoFactor:Coordinador", "true"), ("Security:TwoFactor:Tutor", "true"));
}

/// <summary>
/// Findings 2 and 3 of the security review: roles come from the database on every request, and two-factor is required
/// by policy (the role does not count without it), not by path. Both walk every endpoint of the app.
/// </summary>
public sealed class AccessPolicyTests(TwoFactorEverywhereApp fixture) : IClassFixture<TwoFactorEverywhereApp>
{
    private ScariAppFactory App => fixture.App;

    /// <summary>
    /// Signed-in routes that show or change only the account's own things (no role in play): an account without its
    /// second factor still uses them, as a learner would.
    /// </summary>
    private static readonly HashSet<string> OwnAccountRoutes =
    [
        "/certificados", "/mi-aprendizaje", "/mi-cuenta/mis-datos", "/cuenta/crear-contrasena", "/cuenta/seguridad",
        "/cuenta/sesiones", "/cuenta/calendario", "/cuenta/correo", "/cuenta/cambiar-contrasena", "/cursos/{curso}/inscribirme", "/cursos/{curso}/{leccion}/avance",
        "/cursos/{curso}/{leccion}/intentos/{intento:int}",
    ];

    private sealed record World(string CertificateCode, int CompletionId, int PersonId, int CohortId, string LearnerUserId);

    private static int _document = 1047398000;
    private static string NextDocument() => Interlocked.Increment(ref _document).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<World> SeedAsync(string tag)
    {
        var colegio = await App.CreateColegioAsync($"C-{tag}", $"Colegio {tag}");
        var cohort = await App.CreateCohortAsync($"Cohorte {tag}", colegioId: colegio);
        var seeded = await App.CreateCompletionAsync("Luisa", $"Menor {tag}", NextDocument(), colegioId: colegio, cohortId: cohort);
        var code = (await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(seeded.CompletionId, default)))!.Code;
        var learner = await App.CreateUserAsync($"luisa.{tag}@scari.test", Roles.Aprendiz);
        await App.LinkAccountAsync(learner.Id, personId: seeded.PersonId);
        return new World(code, seeded.CompletionId, seeded.PersonId, cohort, learner.Id);
    }

    /// <summary>The route's URL with real ids of <paramref name="world"/>, so a leak would answer 200 rather than 404.</summary>
    private static string UrlOf(AppRoutes.Route route, World world) => route.Pattern switch
    {
        "/certificados/{codigo}.pdf" => $"/certificados/{world.CertificateCode}.pdf",
        "/certificados/{codigo}.json" => $"/certificados/{world.CertificateCode}.json",
        "/certificados/emitir/{completionId:int}" => $"/certificados/emitir/{world.CompletionId}",
        "/admin/cohortes/{id:int}" => $"/admin/cohortes/{world.CohortId}",
        "/admin/personas/{id:int}" => $"/admin/personas/{world.PersonId}",
        "/admin/personas/{id:int}/editar" => $"/admin/personas/{world.PersonId}/editar",
        "/admin/personas/{id:int}/anonimizar" => $"/admin/personas/{world.PersonId}/anonimizar",
        "/admin/finalizaciones/{id:int}" => $"/admin/finalizaciones/{world.CompletionId}",
        "/admin/cuentas/{id}" => $"/admin/cuentas/{world.LearnerUserId}",
        "/admin/indicadores/{indicador}/personas" => "/admin/indicadores/funcionarios-tic/personas",
        "/admin/indicadores/{indicador}/exportar/{tabla}.{formato}" => "/admin/indicadores/funcionarios-tic/exportar/personas.csv",
        _ => AppRoutes.SampleUrl(route),
    };

    /// <summary>GET, or a POST carrying a valid antiforgery token (so a refusal is the policy's, not antiforgery's).</summary>
    private static async Task<HttpResponseMessage> RequestAsync(HttpClient client, AppRoutes.Route route, string url, string? token)
    {
        if (AppRoutes.Accepts(route, "GET")) return await client.GetAsync(url);
        var fields = new Dictionary<string, string>();
        if (token is not null) fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private static async Task<string?> TokenAsync(HttpClient client) =>
        (await client.GetDocumentAsync("/cuenta/seguridad")).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");

    private static bool Refused(HttpResponseMessage r) =>
        r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
        || r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location is { } l
            && (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) is var path
            && (path.StartsWith("/cuenta/seguridad", StringComparison.Ordinal) || path.StartsWith("/cuenta/acceso-denegado", StringComparison.Ordinal)
                || path.StartsWith("/cuenta/ingresar", StringComparison.Ordinal));

    private async Task<HttpClient> SignedInWithTwoFactorAsync(string userName)
    {
        var key = await App.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<ScariUser>>();
            var user = (await users.FindByNameAsync(userName))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            return (await users.GetAuthenticatorKeyAsync(user))!;
        });
        var client = App.CreateBrowserLikeClient();
        using var password = await client.PostFormAsync("/cuenta/ingresar", new() { ["Input.UserName"] = userName, ["Input.Password"] = ScariAppFactory.DefaultPassword });
        Assert.StartsWith("/cuenta/ingresar-2fa", password.Headers.Location!.OriginalString);
        using var second = await client.PostFormAsync("/cuenta/ingresar-2fa", new() { ["Code"] = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        return client;
    }

    [Fact]
    public async Task Staff_without_two_factor_reach_no_endpoint_through_their_role_and_the_same_staff_with_it_do()
    {
        var world = await SeedAsync("2fa");
        var colegio = await App.WithDbAsync(db => db.People.Where(p => p.Id == world.PersonId).Select(p => p.ColegioId).SingleAsync());
        var identities = new Dictionary<string, HttpClient>();
        foreach (var role in new[] { Roles.Administrador, Roles.Coordinador, Roles.Tutor })
        {
            var name = $"sin2fa.{role.ToLowerInvariant()}@scari.test";
            var user = await App.CreateUserAsync(name, role);
            if (role == Roles.Coordinador) await App.LinkAccountAsync(user.Id, coordinatedColegioId: colegio);
            identities[role] = await App.SignedInClientAsync(name);
        }
        await App.WithDbAsync(db => db.Cohorts.Where(c => c.Id == world.CohortId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.TutorUserId, db.Users.Where(u => u.UserName == "sin2fa.tutor@scari.test").Select(u => u.Id).Single())));
        await App.CreateUserAsync("con2fa.admin@scari.test", Roles.Administrador);
        using var control = await SignedInWithTwoFactorAsync("con2fa.admin@scari.test");

        var tokens = new Dictionary<string, string?>();
        foreach (var (role, client) in identities) tokens[role] = await TokenAsync(client);
        var controlToken = await TokenAsync(control);

        var failures = new List<string>();
        int pairs = 0, controlOpened = 0;
        foreach (var route in AppRoutes.All(App).Where(r => !RouteWalkTests.IsPublic(r.Pattern)))
        {
            var url = UrlOf(route, world);
            var allowed = RouteWalkTests.AllowedRoles(route);
            foreach (var (role, client) in identities)
            {
                if (OwnAccountRoutes.Contains(route.Pattern)) continue;
                pairs++;
                using var response = await RequestAsync(client, route, url, tokens[role]);
                if (!Refused(response))
                    failures.Add($"{route.Pattern} ({url}): {role} sin segundo paso recibió {(int)response.StatusCode} {response.Headers.Location}");
            }
            if (allowed is null || allowed.Contains(Roles.Administrador))
            {
                pairs++;
                using var response = await RequestAsync(control, route, url, controlToken);
                if (response.Headers.Location?.OriginalString.StartsWith("/cuenta/seguridad", StringComparison.Ordinal) == true
                    || response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
                    failures.Add($"{route.Pattern} ({url}): el administrador con segundo paso recibió {(int)response.StatusCode} {response.Headers.Location}");
                if (response.StatusCode == HttpStatusCode.OK || response.StatusCode == HttpStatusCode.Redirect && !Refused(response)) controlOpened++;
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"Segundo paso por política: {pairs} pares ruta × identidad; el administrador con segundo paso abrió {controlOpened} rutas.");
        Console.WriteLine($"AccessPolicyTests (2FA): {pairs} pares ruta × identidad probados; control abrió {controlOpened}.");
        foreach (var c in identities.Values) c.Dispose();

        // The proof can fail: with its second factor, the same role opens the minor's certificate and the admin pages.
        Assert.Equal(HttpStatusCode.OK, (await control.GetAsync($"/certificados/{world.CertificateCode}.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await control.GetAsync("/admin/cuentas")).StatusCode);
        Assert.True(controlOpened > 20, $"el administrador con segundo paso abrió solo {controlOpened} rutas");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task An_administrator_without_two_factor_is_sent_to_set_it_up_and_gets_no_certificate_of_anyone()
    {
        var world = await SeedAsync("pdf");
        await App.CreateUserAsync("nuevo.admin@scari.test", Roles.Administrador);
        using var client = await App.SignedInClientAsync("nuevo.admin@scari.test");
        using var admin = await client.GetAsync("/admin/personas");
        Assert.Equal("/cuenta/seguridad?obligatorio=true", admin.Headers.Location?.OriginalString);
        Assert.Contains("deben ingresar en dos pasos", await client.GetStringAsync("/cuenta/seguridad"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/certificados/{world.CertificateCode}.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/certificados/{world.CertificateCode}.json")).StatusCode);
        using var issue = await client.PostAsync($"/certificados/emitir/{world.CompletionId}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = (await TokenAsync(client))! }));
        Assert.Equal(HttpStatusCode.NotFound, issue.StatusCode);
    }

    [Fact]
    public async Task A_demoted_administrator_is_refused_every_administrator_route_on_the_next_request()
    {
        await App.CreateUserAsync("jefe.demote@scari.test", Roles.Administrador);
        var demoted = await App.CreateUserAsync("degradado@scari.test", Roles.Administrador);
        using var boss = await SignedInWithTwoFactorAsync("jefe.demote@scari.test");
        using var client = await SignedInWithTwoFactorAsync("degradado@scari.test");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/cuentas")).StatusCode);
        var token = await TokenAsync(client);

        // Straight in the database, without touching the security stamp: the role itself is read on every request.
        await App.WithDbAsync(async db =>
        {
            await db.UserRoles.Where(r => r.UserId == demoted.Id).ExecuteDeleteAsync();
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = demoted.Id, RoleId = "tutor" });
            return await db.SaveChangesAsync();
        });
        var failures = new List<string>();
        var pairs = 0;
        foreach (var route in AppRoutes.All(App).Where(r => !RouteWalkTests.IsPublic(r.Pattern)))
        {
            if (RouteWalkTests.AllowedRoles(route) is not { } allowed || !allowed.Contains(Roles.Administrador) || allowed.Contains(Roles.Tutor)) continue;
            pairs++;
            using var response = await RequestAsync(client, route, AppRoutes.SampleUrl(route), token);
            if (!Refused(response)) failures.Add($"{route.Pattern}: la cookie del administrador degradado recibió {(int)response.StatusCode}");
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"Administrador degradado: {pairs} rutas de administrador probadas.");
        Console.WriteLine($"AccessPolicyTests (degradado): {pairs} pares ruta × identidad probados.");
        Assert.True(pairs > 10, $"solo {pairs} rutas de administrador");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // Still signed in as what the database says now: a tutor.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/cohortes")).StatusCode);

        // Through the accounts page's service (as the review did): the new security stamp ends the session outright.
        var other = await App.CreateUserAsync("degradado2@scari.test", Roles.Administrador);
        using var second = await SignedInWithTwoFactorAsync("degradado2@scari.test");
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/admin/auditoria")).StatusCode);
        var bossId = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "jefe.demote@scari.test").Select(u => u.Id).SingleAsync());
        var errors = await App.WithScopeAsync(sp => sp.GetRequiredService<StaffAccounts>().ChangeRoleAsync(other.Id,
            new StaffAccountInput { Role = Roles.Tutor, FullName = "Degradado Dos", Email = "degradado2@scari.test" }, bossId, default));
        Assert.True(errors is { Count: 0 }, errors is null ? "cuenta no encontrada" : string.Join("; ", errors.Values));
        using var after = await second.GetAsync("/admin/auditoria");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/cuenta/ingresar", after.Headers.Location!.PathAndQuery);
    }
}
