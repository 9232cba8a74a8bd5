using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests;

public sealed class FoundationTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    [Fact]
    public async Task Health_answers_200_when_the_database_responds()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_home_page_speaks_Spanish_and_sends_security_headers()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"es-CO\">", html);
        Assert.Contains("Capacitación", html); // written as is, not as &#xE1;
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task An_unknown_page_answers_404_with_a_Spanish_page()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/no-existe");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Página no encontrada", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Administration_sends_anonymous_visitors_to_sign_in_and_refuses_learners()
    {
        using var anonymous = App.CreateBrowserLikeClient();
        using var redirect = await anonymous.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/cuenta/ingresar", redirect.Headers.Location!.PathAndQuery);

        await App.CreateUserAsync("aprendiz.admin@scari.test", Roles.Aprendiz);
        using var learner = await App.SignedInClientAsync("aprendiz.admin@scari.test");
        using var denied = await learner.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/cuenta/acceso-denegado", denied.Headers.Location!.PathAndQuery);

        await App.CreateUserAsync("coordinadora@scari.test", Roles.Coordinador);
        using var coordinator = await App.SignedInClientAsync("coordinadora@scari.test");
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_gives_a_Spanish_message_and_five_failures_make_that_address_wait()
    {
        await App.CreateUserAsync("bloqueo@scari.test", Roles.Aprendiz);
        using var client = App.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++)
        {
            using var failed = await client.PostFormAsync("/cuenta/ingresar", new()
            {
                ["Input.UserName"] = "bloqueo@scari.test",
                ["Input.Password"] = "incorrecta-123",
            });
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            Assert.Contains("El usuario o la contraseña no son correctos.", await failed.Content.ReadAsStringAsync());
        }
        // Even the right password is not checked while the address waits; the account itself is never locked (issue 14).
        using var waiting = await client.PostFormAsync("/cuenta/ingresar", new()
        {
            ["Input.UserName"] = "bloqueo@scari.test",
            ["Input.Password"] = ScariAppFactory.DefaultPassword,
        });
        Assert.Contains("Demasiados intentos fallidos. Intente de nuevo en ", await waiting.Content.ReadAsStringAsync());
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "bloqueo@scari.test" && u.LockoutEnd != null)));
    }

    [Fact]
    public async Task A_learner_lands_on_their_courses_after_sign_in_and_staff_on_the_home_page_unless_a_page_was_asked_for()
    {
        async Task<string> LandingAsync(string userName, string? returnUrl = null)
        {
            using var client = App.CreateBrowserLikeClient();
            using var response = await client.PostFormAsync("/cuenta/ingresar" + (returnUrl is null ? "" : "?ReturnUrl=" + Uri.EscapeDataString(returnUrl)), new()
            {
                ["Input.UserName"] = userName,
                ["Input.Password"] = ScariAppFactory.DefaultPassword,
            });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return response.Headers.Location!.OriginalString;
        }
        await App.CreateUserAsync("aterriza.aprendiz@scari.test", Roles.Aprendiz);
        await App.CreateUserAsync("aterriza.tutor@scari.test", Roles.Tutor);
        Assert.Equal("/mi-aprendizaje", await LandingAsync("aterriza.aprendiz@scari.test"));
        Assert.Equal("/cursos/algun-curso", await LandingAsync("aterriza.aprendiz@scari.test", "/cursos/algun-curso"));
        Assert.Equal("/mi-aprendizaje", await LandingAsync("aterriza.aprendiz@scari.test", "https://otro.example/robo"));
        Assert.Equal("/", await LandingAsync("aterriza.tutor@scari.test"));

        // The home page's programme cards lead somewhere.
        var home = await App.CreateClient().GetStringAsync("/");
        Assert.Contains("href=\"/cursos?publico=servidores\"", home);
        Assert.Contains("href=\"/cursos?publico=estudiantes\"", home);
    }

    [Fact]
    public async Task Signing_out_needs_a_post_with_the_antiforgery_token()
    {
        await App.CreateUserAsync("salida@scari.test", Roles.Aprendiz);
        using var client = await App.SignedInClientAsync("salida@scari.test");
        using var forged = await client.PostAsync("/cuenta/salir", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        using var signedOut = await client.PostFormAsync("/cuenta/salir", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        using var after = await client.GetAsync("/admin");
        Assert.StartsWith("/cuenta/ingresar", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_four_roles_exist_after_migration()
    {
        var roles = await App.WithDbAsync(db => db.Roles.Select(r => r.Name!).OrderBy(n => n).ToListAsync());
        Assert.Equal(["Administrador", "Aprendiz", "Coordinador", "Tutor"], roles);
    }
}
