using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;

namespace Scari.IntegrationTests;

public sealed class FirstAdministratorTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    [Fact]
    public async Task The_setup_link_creates_one_administrator_and_then_stops_working()
    {
        var token = await App.IssueSetupTokenAsync();
        Assert.NotNull(token);
        var secondLink = await App.IssueSetupTokenAsync(); // another instance started too
        var url = $"/cuenta/configuracion-inicial?token={token}";
        using var client = App.CreateBrowserLikeClient();

        using var mismatch = await client.PostFormAsync(url, new()
        {
            ["Input.FullName"] = "Ana Pérez",
            ["Input.Email"] = "admin@scari.test",
            ["Input.Password"] = "clave-larga-2026",
            ["Input.ConfirmPassword"] = "otra-clave-2026",
        });
        Assert.Contains("Las dos contraseñas no coinciden.", await mismatch.Content.ReadAsStringAsync());

        using var weak = await client.PostFormAsync(url, new()
        {
            ["Input.FullName"] = "Ana Pérez",
            ["Input.Email"] = "admin@scari.test",
            ["Input.Password"] = "corta1",
            ["Input.ConfirmPassword"] = "corta1",
        });
        Assert.Contains("al menos 12 caracteres", await weak.Content.ReadAsStringAsync());
        Assert.Equal(0, await App.WithDbAsync(db => db.Users.CountAsync()));

        using var created = await client.PostFormAsync(url, new()
        {
            ["Input.FullName"] = "Ana Pérez",
            ["Input.Email"] = "admin@scari.test",
            ["Input.Password"] = "clave-larga-2026",
            ["Input.ConfirmPassword"] = "clave-larga-2026",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/cuenta/ingresar", created.Headers.Location!.OriginalString);

        // Both links are now dead, and no new one is issued.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/cuenta/configuracion-inicial?token={secondLink}")).StatusCode);
        Assert.Null(await App.IssueSetupTokenAsync());

        using var admin = await App.SignedInClientAsync("admin@scari.test", "clave-larga-2026");
        using var adminPage = await admin.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
        Assert.Contains("Administración", await adminPage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_made_up_token_is_refused()
    {
        using var client = App.CreateBrowserLikeClient();
        using var response = await client.GetAsync("/cuenta/configuracion-inicial?token=inventado");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no es válido", await response.Content.ReadAsStringAsync());
    }
}
