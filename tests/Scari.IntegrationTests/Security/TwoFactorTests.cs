using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests.Security;

/// <summary>The app as deployed: administrators must use two-factor sign-in.</summary>
public sealed class TwoFactorRequiredApp : PostgresApp
{
    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Security:TwoFactor:Administrador", "true"));
}

public sealed class TwoFactorTests(TwoFactorRequiredApp fixture) : IClassFixture<TwoFactorRequiredApp>
{
    private ScariAppFactory App => fixture.App;

    private static async Task<string> KeyShownOnAsync(HttpClient client)
    {
        var page = await client.GetDocumentAsync("/cuenta/seguridad");
        Assert.NotNull(page.QuerySelector("img[src^='data:image/png;base64,']"));
        return page.QuerySelector("#clave")!.TextContent;
    }

    private static Task<HttpResponseMessage> PasswordStepAsync(HttpClient client, string user) =>
        client.PostFormAsync("/cuenta/ingresar", new() { ["Input.UserName"] = user, ["Input.Password"] = ScariAppFactory.DefaultPassword });

    [Fact]
    public async Task An_administrator_must_set_up_two_factor_before_administration_and_then_signs_in_with_a_TOTP_code()
    {
        const string email = "admin.2fa@scari.test";
        await App.CreateUserAsync(email, Roles.Administrador);
        using var first = await App.SignedInClientAsync(email);

        using var blocked = await first.GetAsync("/admin/auditoria");
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.Equal("/cuenta/seguridad?obligatorio=true", blocked.Headers.Location!.OriginalString);
        Assert.Contains("deben ingresar en dos pasos", await first.GetStringAsync("/cuenta/seguridad?obligatorio=true"));

        var key = await KeyShownOnAsync(first);
        using var wrong = await first.PostFormAsync("/cuenta/seguridad", new() { ["Code"] = "000000" }, submitName: null);
        Assert.Contains("El código no es correcto o ya venció", await wrong.Content.ReadAsStringAsync());
        Assert.False(await App.WithDbAsync(db => db.Users.Where(u => u.UserName == email).Select(u => u.TwoFactorEnabled).SingleAsync()));

        using var enabled = await first.PostFormAsync("/cuenta/seguridad", new() { ["Code"] = Totp.Code(key) });
        var enabledHtml = await enabled.Content.ReadAsStringAsync();
        Assert.Contains("Sus códigos de recuperación", enabledHtml);
        var recoveryCodes = FormPosting.Parse(enabledHtml).QuerySelectorAll(".code-list code").Select(c => c.TextContent).ToList();
        Assert.Equal(TwoFactorAccounts.RecoveryCodeCount, recoveryCodes.Count);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/admin/auditoria")).StatusCode);
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "account.2fa-enabled")));

        // A new session: the password alone is not enough.
        using var second = App.CreateBrowserLikeClient();
        using var step1 = await PasswordStepAsync(second, email);
        Assert.Equal(HttpStatusCode.Redirect, step1.StatusCode);
        Assert.StartsWith("/cuenta/ingresar-2fa", step1.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/admin")).StatusCode);
        using var badCode = await second.PostFormAsync("/cuenta/ingresar-2fa", new() { ["Code"] = "123456" });
        Assert.Contains("El código no es correcto", await badCode.Content.ReadAsStringAsync());
        using var step2 = await second.PostFormAsync("/cuenta/ingresar-2fa", new() { ["Code"] = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.Redirect, step2.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/admin/auditoria")).StatusCode);

        // A recovery code works once.
        using var third = App.CreateBrowserLikeClient();
        await PasswordStepAsync(third, email);
        using var recovered = await third.PostFormAsync("/cuenta/ingresar-2fa", new() { ["Code"] = recoveryCodes[0] });
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        using var fourth = App.CreateBrowserLikeClient();
        await PasswordStepAsync(fourth, email);
        using var reused = await fourth.PostFormAsync("/cuenta/ingresar-2fa", new() { ["Code"] = recoveryCodes[0] });
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("El código no es correcto", await reused.Content.ReadAsStringAsync());

        // An administrator is not offered to turn it off, and the handler refuses it anyway.
        var security = await second.GetDocumentAsync("/cuenta/seguridad");
        Assert.Null(security.QuerySelector("form[action*='handler=Disable']"));
        var token = security.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var disable = await second.PostAsync("/cuenta/seguridad?handler=Disable", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Code"] = Totp.Code(key),
        }));
        Assert.Contains("no se puede desactivar", await disable.Content.ReadAsStringAsync());
        Assert.True(await App.WithDbAsync(db => db.Users.Where(u => u.UserName == email).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }

    [Fact]
    public async Task A_coordinator_works_without_two_factor_and_may_turn_it_on_and_off()
    {
        const string email = "coordina.2fa@scari.test";
        await App.CreateUserAsync(email, Roles.Coordinador);
        using var client = await App.SignedInClientAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);

        var key = await KeyShownOnAsync(client);
        using var enabled = await client.PostFormAsync("/cuenta/seguridad", new() { ["Code"] = Totp.Code(key) });
        Assert.Contains("está <strong>activo</strong>", await enabled.Content.ReadAsStringAsync());

        using var disabled = await client.PostFormAsync("/cuenta/seguridad", new() { ["Code"] = Totp.Code(key) }, formAction: "/cuenta/seguridad?handler=Disable");
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.Users.Where(u => u.UserName == email).Select(u => u.TwoFactorEnabled).SingleAsync()));
        using var again = await App.SignedInClientAsync(email); // password only again
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task The_second_step_without_a_password_step_sends_back_to_sign_in()
    {
        using var client = App.CreateBrowserLikeClient();
        using var response = await client.GetAsync("/cuenta/ingresar-2fa");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/cuenta/ingresar", response.Headers.Location!.OriginalString);
    }
}
