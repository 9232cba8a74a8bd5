using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests.Security;

/// <summary>Findings 5 and 6 of the security review: sessions end on the server, and a password changes only with the current one.</summary>
public sealed class SessionTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    /// <summary>A second client that carries a copy of <paramref name="client"/>'s session cookie, as a thief would.</summary>
    private Task<HttpClient> CopyOfAsync(HttpClient client)
    {
        var copy = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", _cookies[client]);
        return Task.FromResult(copy);
    }

    private readonly Dictionary<HttpClient, string> _cookies = [];

    private async Task<HttpClient> SignInAsync(string user, string? password = null)
    {
        var client = App.CreateBrowserLikeClient();
        using var response = await client.PostFormAsync("/cuenta/ingresar", new() { ["Input.UserName"] = user, ["Input.Password"] = password ?? ScariAppFactory.DefaultPassword });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        _cookies[client] = string.Join("; ", response.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("scari.sesion", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));
        return client;
    }

    private static bool SentToSignIn(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.ToString().Contains("/cuenta/ingresar", StringComparison.Ordinal);

    [Fact]
    public async Task Signing_out_ends_the_session_so_a_copied_cookie_no_longer_works()
    {
        await App.CreateUserAsync("salida@scari.test", Roles.Aprendiz);
        using var client = await SignInAsync("salida@scari.test");
        using var copy = await CopyOfAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/mi-aprendizaje")).StatusCode);

        using var signOut = await client.PostFormAsync("/cuenta/salir", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        Assert.True(SentToSignIn(await copy.GetAsync("/mi-aprendizaje")));
        Assert.Equal("salida", await App.WithDbAsync(db => db.UserSessions.Where(s => db.Users.Any(u => u.Id == s.UserId && u.UserName == "salida@scari.test")).Select(s => s.EndReason).SingleAsync()));
    }

    [Fact]
    public async Task Closing_the_other_sessions_ends_them_and_keeps_this_one()
    {
        await App.CreateUserAsync("varias@scari.test", Roles.Aprendiz);
        using var laptop = await SignInAsync("varias@scari.test");
        using var schoolComputer = await SignInAsync("varias@scari.test");
        var page = await laptop.GetStringAsync("/cuenta/sesiones");
        Assert.Contains("(esta sesión)", page);
        Assert.Contains("Cerrar las demás sesiones", page);

        using var closed = await laptop.PostFormAsync("/cuenta/sesiones", [], formAction: "/cuenta/sesiones?handler=CloseOthers");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.True(SentToSignIn(await schoolComputer.GetAsync("/mi-aprendizaje")));
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/mi-aprendizaje")).StatusCode);
    }

    [Fact]
    public async Task Staff_sessions_end_after_30_idle_minutes_learners_keep_theirs_and_no_session_outlives_12_hours()
    {
        await App.CreateUserAsync("idle.tutor@scari.test", Roles.Tutor);
        await App.CreateUserAsync("idle.aprendiz@scari.test", Roles.Aprendiz);
        using var tutor = await SignInAsync("idle.tutor@scari.test");
        using var learner = await SignInAsync("idle.aprendiz@scari.test");
        var lifetimes = await App.WithDbAsync(db => db.UserSessions.Where(s => s.UserId == db.Users.Where(u => u.UserName == "idle.tutor@scari.test").Select(u => u.Id).Single())
            .Select(s => new { s.CreatedUtc, s.ExpiresUtc }).ToListAsync());
        Assert.All(lifetimes, l => Assert.Equal(TimeSpan.FromHours(12), l.ExpiresUtc - l.CreatedUtc));

        // 31 minutes without a request.
        await App.WithDbAsync(db => db.UserSessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenUtc, DateTime.UtcNow.AddMinutes(-31))));
        Assert.True(SentToSignIn(await tutor.GetAsync("/admin/cohortes")));
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync("/mi-aprendizaje")).StatusCode);
        Assert.Equal("inactividad", await App.WithDbAsync(db => db.UserSessions
            .Where(s => s.UserId == db.Users.Where(u => u.UserName == "idle.tutor@scari.test").Select(u => u.Id).Single()).Select(s => s.EndReason).SingleAsync()));

        // Past the absolute lifetime, however active.
        await App.WithDbAsync(db => db.UserSessions.ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresUtc, DateTime.UtcNow.AddSeconds(-1))));
        Assert.True(SentToSignIn(await learner.GetAsync("/mi-aprendizaje")));
    }

    [Fact]
    public async Task A_signed_in_person_changes_the_password_only_with_the_current_one_and_the_change_ends_the_other_sessions()
    {
        await App.CreateUserAsync("cambio@scari.test", Roles.Aprendiz);
        using var client = await SignInAsync("cambio@scari.test");
        using var other = await SignInAsync("cambio@scari.test");

        // The first-password page of a code sign-in is closed to a password session, by GET and by POST.
        using var get = await client.GetAsync("/cuenta/crear-contrasena");
        Assert.Equal("/cuenta/sesiones", get.Headers.Location!.OriginalString);
        var token = (await client.GetDocumentAsync("/cuenta/sesiones")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var takeover = await client.PostAsync("/cuenta/crear-contrasena", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Password"] = "ladron-toma-la-cuenta-77", ["ConfirmPassword"] = "ladron-toma-la-cuenta-77",
        }));
        Assert.Equal("/cuenta/sesiones", takeover.Headers.Location!.OriginalString);
        (await SignInAsync("cambio@scari.test")).Dispose(); // the old password still works

        using var wrong = await client.PostFormAsync("/cuenta/sesiones", new()
        {
            ["CurrentPassword"] = "no-es-la-clave-123", ["NewPassword"] = "tortuga-azul-viaja-despacio", ["ConfirmPassword"] = "tortuga-azul-viaja-despacio",
        }, formAction: "/cuenta/sesiones?handler=Password");
        Assert.Contains("La contraseña actual no es correcta.", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()));

        using var changed = await client.PostFormAsync("/cuenta/sesiones", new()
        {
            ["CurrentPassword"] = ScariAppFactory.DefaultPassword, ["NewPassword"] = "tortuga-azul-viaja-despacio", ["ConfirmPassword"] = "tortuga-azul-viaja-despacio",
        }, formAction: "/cuenta/sesiones?handler=Password");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/mi-aprendizaje")).StatusCode);
        Assert.True(SentToSignIn(await other.GetAsync("/mi-aprendizaje")));
        (await SignInAsync("cambio@scari.test", "tortuga-azul-viaja-despacio")).Dispose();
    }

    [Fact]
    public async Task After_a_code_sign_in_the_first_password_is_set_once_from_that_session_only()
    {
        var student = await App.CreateStudentAsync(await App.ColegioIdAsync("IE001"), "1043900900", "Valeria", "Quintero");
        var issued = Assert.Single(await App.IssueCodesAsync(student));
        using var client = App.CreateBrowserLikeClient();
        using var signIn = await client.PostFormAsync("/cuenta/ingresar-con-codigo", new() { ["Document"] = "1043900900", ["Code"] = issued.Code });
        Assert.Equal("/cuenta/crear-contrasena", signIn.Headers.Location!.OriginalString);

        using var weak = await client.PostFormAsync("/cuenta/crear-contrasena", new() { ["Password"] = "valeria12345", ["ConfirmPassword"] = "valeria12345" });
        Assert.Contains("Contiene su nombre", WebUtility.HtmlDecode(await weak.Content.ReadAsStringAsync()));
        using var first = await client.PostFormAsync("/cuenta/crear-contrasena", new() { ["Password"] = "girasol-nube-trompeta-9", ["ConfirmPassword"] = "girasol-nube-trompeta-9" });
        Assert.Equal("/mi-aprendizaje", first.Headers.Location!.OriginalString);

        using var again = await client.GetAsync("/cuenta/crear-contrasena");
        Assert.Equal("/cuenta/sesiones", again.Headers.Location!.OriginalString);
        (await SignInAsync("1043900900", "girasol-nube-trompeta-9")).Dispose();
    }
}
