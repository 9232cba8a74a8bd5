using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests.Security;

/// <summary>
/// Sessions and sign-in waits compare stored times in SQL (idle, lifetime, waits): the same rules on SQLite, the
/// zero-setup default, where times are stored as text.
/// </summary>
public sealed class SqliteSecurityTests(SqliteApp sqlite) : IClassFixture<SqliteApp>
{
    private ScariAppFactory App => sqlite.App;

    private static bool SentToSignIn(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.ToString().Contains("/cuenta/ingresar", StringComparison.Ordinal);

    [Fact]
    public async Task Sessions_end_on_sign_out_on_idle_and_at_their_lifetime()
    {
        await App.CreateUserAsync("sqlite.tutor@scari.test", Roles.Tutor);
        await App.CreateUserAsync("sqlite.aprendiz@scari.test", Roles.Aprendiz);
        using var tutor = await App.SignedInClientAsync("sqlite.tutor@scari.test");
        using var learner = await App.SignedInClientAsync("sqlite.aprendiz@scari.test");
        Assert.Equal(HttpStatusCode.OK, (await tutor.GetAsync("/admin/cohortes")).StatusCode);

        await App.WithDbAsync(db => db.UserSessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenUtc, DateTime.UtcNow.AddMinutes(-31))));
        Assert.True(SentToSignIn(await tutor.GetAsync("/admin/cohortes")));
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync("/mi-aprendizaje")).StatusCode);

        await App.WithDbAsync(db => db.UserSessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresUtc, DateTime.UtcNow.AddSeconds(-1))));
        Assert.True(SentToSignIn(await learner.GetAsync("/mi-aprendizaje")));

        using var again = await App.SignedInClientAsync("sqlite.aprendiz@scari.test");
        using var signOut = await again.PostFormAsync("/cuenta/salir", []);
        Assert.Equal(1, await App.WithDbAsync(db => db.UserSessions.CountAsync(s => s.EndReason == "salida")));
    }

    [Fact]
    public async Task Wrong_passwords_make_the_address_wait_and_an_administrator_sees_the_wait()
    {
        await App.CreateUserAsync("sqlite.victima@scari.test", Roles.Aprendiz);
        using var client = App.CreateBrowserLikeClient();
        string last = "";
        for (var i = 0; i < 7; i++)
        {
            using var response = await client.PostFormAsync("/cuenta/ingresar", new() { ["Input.UserName"] = "sqlite.victima@scari.test", ["Input.Password"] = "no-es-la-clave-9" });
            last = FormPosting.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".error-summary")?.TextContent.Trim() ?? "";
        }
        Assert.Matches(@"^Demasiados intentos fallidos\. Intente de nuevo en \d+ s\.$", last);
        // Five failures counted; the two answered with a wait never reached the password check.
        Assert.Equal(5, await App.WithDbAsync(db => db.SignInThrottles.Where(t => t.Key.StartsWith("ip:")).Select(t => t.Failures).SingleAsync()));

        await App.CreateUserAsync("sqlite.admin@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("sqlite.admin@scari.test");
        var page = await admin.GetStringAsync("/admin/esperas-de-ingreso");
        Assert.Contains("ip:clave:", page);
    }
}
