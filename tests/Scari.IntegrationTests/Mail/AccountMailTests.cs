using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Mail;

namespace Scari.IntegrationTests.Mail;

/// <summary>Password recovery, staff invitations and e-mail confirmation, through the mail a real SMTP server receives.</summary>
public sealed partial class AccountMailTests(SmtpPostgresApp fixture) : IClassFixture<SmtpPostgresApp>
{
    private ScariAppFactory App => fixture.App;
    private TestSmtpServer Smtp => fixture.Smtp;

    [GeneratedRegex(@"https://scari\.test(/cuenta/[a-z-]+\?usuario=[^\s""<]+)")]
    private static partial Regex LinkPattern();

    /// <summary>The link of a message as a path on the app under test (the message names the public address).</summary>
    private static string LinkIn(MimeKit.MimeMessage message) =>
        WebUtility.HtmlDecode(LinkPattern().Match(message.TextBody ?? "").Groups[1].Value) is { Length: > 0 } path ? path
            : throw new InvalidOperationException("El mensaje no trae enlace: " + message.TextBody);

    private Task ConfirmEmailAsync(string userName) =>
        App.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailConfirmed, true)));

    private static Task<HttpResponseMessage> AskForResetAsync(HttpClient client, string email) =>
        client.PostFormAsync("/cuenta/olvide-mi-contrasena", new() { ["Email"] = email });

    [Fact]
    public async Task A_forgotten_password_is_reset_through_the_mailed_link_once_and_other_sessions_end()
    {
        await App.CreateUserAsync("olvido@scari.test", Roles.Aprendiz);
        await ConfirmEmailAsync("olvido@scari.test");
        using var otherComputer = await App.SignedInClientAsync("olvido@scari.test");
        Assert.Equal(HttpStatusCode.OK, (await otherComputer.GetAsync("/mi-aprendizaje")).StatusCode);

        using var browser = App.CreateBrowserLikeClient();
        Assert.Contains("¿Olvidó su contraseña?", await browser.GetStringAsync("/cuenta/ingresar"));
        using var asked = await AskForResetAsync(browser, "OLVIDO@scari.test ");
        Assert.Contains(AccountMail.SameAnswer, WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync()));

        var message = await Smtp.WaitForMessageToAsync("olvido@scari.test");
        Assert.Equal("Restablecer su contraseña de SCARI", message.Subject);
        var link = LinkIn(message);
        Assert.Contains("Elegir una contraseña nueva</a>", message.HtmlBody);

        using var reset = await browser.PostFormAsync(link, new() { ["Password"] = "nubes-lentas-sobre-el-puerto", ["ConfirmPassword"] = "nubes-lentas-sobre-el-puerto" });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal("/cuenta/ingresar", reset.Headers.Location!.OriginalString);

        // The other computer's session ended; the new password works; the link does not work twice.
        using var after = await otherComputer.GetAsync("/mi-aprendizaje");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/cuenta/ingresar", after.Headers.Location!.ToString());
        using var signedIn = await App.SignedInClientAsync("olvido@scari.test", "nubes-lentas-sobre-el-puerto");
        var again = WebUtility.HtmlDecode(await browser.GetStringAsync(link));
        Assert.Contains(AccountMail.InvalidLink, again);
        Assert.DoesNotContain("Guardar la contraseña", again);

        var actions = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("account.") && db.Users.Any(u => u.Id == a.TargetId && u.UserName == "olvido@scari.test"))
            .Select(a => a.Action).ToListAsync());
        Assert.Equal(["account.password-reset", "account.reset-requested"], actions.Order());
        var row = await App.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.ToAddress == "olvido@scari.test"));
        Assert.True(row.Redacted || row.Status != OutboxStatus.Enviado);
    }

    [Fact]
    public async Task Unknown_and_unconfirmed_addresses_get_the_same_answer_and_no_mail()
    {
        await App.CreateUserAsync("sin-confirmar@scari.test", Roles.Aprendiz);
        using var browser = App.CreateBrowserLikeClient();

        foreach (var email in new[] { "nadie-asi@scari.test", "sin-confirmar@scari.test" })
        {
            using var asked = await AskForResetAsync(browser, email);
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            Assert.Contains(AccountMail.SameAnswer, WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync()));
        }
        Assert.False(await App.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "nadie-asi@scari.test" || m.ToAddress == "sin-confirmar@scari.test")));
        var unconfirmed = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "sin-confirmar@scari.test").Select(u => u.Id).SingleAsync());
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "account.reset-ignored" && a.TargetId == unconfirmed)));
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "account.reset-ignored" && a.TargetId == "?")));
    }

    [Fact]
    public async Task Repeated_requests_for_one_address_wait_whether_or_not_it_has_an_account()
    {
        await App.CreateUserAsync("insiste@scari.test", Roles.Aprendiz);
        await ConfirmEmailAsync("insiste@scari.test");
        foreach (var email in new[] { "insiste@scari.test", "inventado@scari.test" })
        {
            using var browser = App.CreateBrowserLikeClient();
            for (var i = 0; i < 5; i++)
                Assert.Contains(AccountMail.SameAnswer, WebUtility.HtmlDecode(await (await AskForResetAsync(browser, email)).Content.ReadAsStringAsync()));
            var sixth = WebUtility.HtmlDecode(await (await AskForResetAsync(browser, email)).Content.ReadAsStringAsync());
            Assert.Contains(SignInThrottles.BlockedMessagePrefix, sixth);
        }
        Assert.Equal(5, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == "insiste@scari.test")));
    }

    [Fact]
    public async Task The_page_states_the_coordinator_path_for_students_without_email()
    {
        using var browser = App.CreateBrowserLikeClient();
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/cuenta/olvide-mi-contrasena"));
        Assert.Contains("Pida a su coordinador un <strong>código de ingreso nuevo</strong>", page);
        Assert.Contains("href=\"/cuenta/ingresar-con-codigo\"", page);
    }

    [Fact]
    public async Task A_staff_account_is_created_without_a_password_and_the_person_sets_it_with_the_invitation_once()
    {
        await App.CreateUserAsync("admin-invita@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin-invita@scari.test");
        using var created = await admin.PostFormAsync("/admin/cuentas", new()
        {
            ["Input.FullName"] = "Tomás Tutor",
            ["Input.Email"] = "tomas.tutor@scari.test",
            ["Input.Role"] = "Tutor",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var account = await App.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "tomas.tutor@scari.test"));
        Assert.Null(account.PasswordHash);
        Assert.Contains("invitación pendiente", await admin.GetStringAsync("/admin/cuentas"));

        var message = await Smtp.WaitForMessageToAsync("tomas.tutor@scari.test");
        Assert.Equal("Invitación a SCARI: active su cuenta", message.Subject);
        Assert.Contains("Le crearon una cuenta de Tutor", message.TextBody);
        var link = LinkIn(message);

        using var browser = App.CreateBrowserLikeClient();
        Assert.Contains("Hola, Tomás Tutor", WebUtility.HtmlDecode(await browser.GetStringAsync(link)));
        using var accepted = await browser.PostFormAsync(link, new() { ["Password"] = "mapas-viejos-del-caribe", ["ConfirmPassword"] = "mapas-viejos-del-caribe" });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);

        using var fresh = App.CreateBrowserLikeClient();
        Assert.Contains("Esta invitación ya se usó", WebUtility.HtmlDecode(await fresh.GetStringAsync(link)));
        using var signedIn = await App.SignedInClientAsync("tomas.tutor@scari.test", "mapas-viejos-del-caribe");
        Assert.True(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "tomas.tutor@scari.test" && u.EmailConfirmed)));
    }

    [Fact]
    public async Task An_expired_invitation_says_so_in_spanish_and_a_resent_one_replaces_it()
    {
        await App.CreateUserAsync("admin-reenvia@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin-reenvia@scari.test");
        using var created = await admin.PostFormAsync("/admin/cuentas", new()
        {
            ["Input.FullName"] = "Carla Coordinadora",
            ["Input.Email"] = "carla@scari.test",
            ["Input.Role"] = "Coordinador",
            ["Input.DependenciaId"] = (await App.DependenciaIdAsync("SEDU")).ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var first = LinkIn(await Smtp.WaitForMessageToAsync("carla@scari.test"));
        await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "carla@scari.test")
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.InvitedUtc, DateTime.UtcNow.AddDays(-8))));

        using var browser = App.CreateBrowserLikeClient();
        var expired = WebUtility.HtmlDecode(await browser.GetStringAsync(first));
        Assert.Contains("Esta invitación venció el", expired);
        Assert.Contains("Pida a un administrador de SCARI que se la reenvíe", expired);
        Assert.Contains("invitación vencida", await admin.GetStringAsync("/admin/cuentas"));

        var id = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "carla@scari.test").Select(u => u.Id).SingleAsync());
        using var resent = await admin.PostFormAsync("/admin/cuentas", new() { ["id"] = id }, formAction: "/admin/cuentas?handler=Resend");
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        var until = DateTime.UtcNow.AddSeconds(60);
        while (Smtp.Received.Count(m => m.To.Mailboxes.Any(b => b.Address == "carla@scari.test")) < 2 && DateTime.UtcNow < until) await Task.Delay(50);
        var second = LinkIn(Smtp.Received.Last(m => m.To.Mailboxes.Any(b => b.Address == "carla@scari.test")));
        Assert.NotEqual(first, second);

        Assert.Contains("no es válido", WebUtility.HtmlDecode(await browser.GetStringAsync(first)));
        Assert.Contains("Activar mi cuenta", WebUtility.HtmlDecode(await browser.GetStringAsync(second)));
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "account.invitation-resent" && a.TargetId == id)));
    }

    [Fact]
    public async Task Registering_mails_a_link_that_confirms_the_email()
    {
        using var browser = App.CreateBrowserLikeClient();
        using var registered = await browser.PostFormAsync("/cuenta/registro", new()
        {
            ["Input.DocumentType"] = "CC",
            ["Input.DocumentNumber"] = "77001234",
            ["Input.GivenNames"] = "Lucía",
            ["Input.FamilyNames"] = "Pérez",
            ["Input.Email"] = "lucia.registro@scari.test",
            ["Input.DependenciaId"] = (await App.DependenciaIdAsync("OAIN")).ToString(),
            ["Input.Vinculo"] = "Planta",
            ["Input.Cargo"] = "Profesional",
            ["Input.Password"] = "caminos-de-la-sabana-azul",
            ["Input.ConfirmPassword"] = "caminos-de-la-sabana-azul",
            ["Input.AcceptsPrivacyNotice"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "lucia.registro@scari.test" && u.EmailConfirmed)));

        var message = await Smtp.WaitForMessageToAsync("lucia.registro@scari.test");
        Assert.Equal("Confirme su correo en SCARI", message.Subject);
        using var anyone = App.CreateBrowserLikeClient();
        Assert.Contains("Su correo quedó confirmado", WebUtility.HtmlDecode(await anyone.GetStringAsync(LinkIn(message))));
        Assert.True(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "lucia.registro@scari.test" && u.EmailConfirmed)));
    }

    [Fact]
    public async Task Two_accounts_cannot_share_an_email_and_shared_ones_from_before_are_reported_to_administrators()
    {
        await App.CreateUserAsync("compartido@scari.test", Roles.Aprendiz);
        await App.CreateUserAsync("otra-cuenta", Roles.Aprendiz);
        var clash = await Assert.ThrowsAsync<InvalidOperationException>(() => App.WithScopeAsync(async sp =>
        {
            var users = sp.GetService(typeof(Microsoft.AspNetCore.Identity.UserManager<ScariUser>)) as Microsoft.AspNetCore.Identity.UserManager<ScariUser>;
            var user = await users!.FindByNameAsync("otra-cuenta");
            var result = await users.SetEmailAsync(user!, "compartido@scari.test");
            return result.Succeeded ? 0 : throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }));
        Assert.Contains("Ya existe otra cuenta con el correo compartido@scari.test.", clash.Message);

        // As before e-mails were unique: written behind Identity's back.
        await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "otra-cuenta")
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Email, "compartido@scari.test").SetProperty(x => x.NormalizedEmail, "COMPARTIDO@SCARI.TEST").SetProperty(x => x.EmailConfirmed, true)));
        await ConfirmEmailAsync("compartido@scari.test");
        await App.CreateUserAsync("admin-repetidos@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin-repetidos@scari.test");
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/cuentas"));
        Assert.Contains("Correos repetidos", page);
        Assert.Contains("compartido@scari.test: compartido@scari.test, otra-cuenta", page);
        // What `migrate` prints (and the app logs at start): the count and where to fix it, no address.
        var report = await DuplicateEmailReport.MessageAsync(App.Services);
        Assert.StartsWith("Atención: 1 correo(s) los comparten varias cuentas (2 cuentas).", report);
        Assert.Contains("/admin/cuentas", report);
        Assert.DoesNotContain("compartido@", report);

        using var browser = App.CreateBrowserLikeClient();
        await AskForResetAsync(browser, "compartido@scari.test");
        Assert.False(await App.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "compartido@scari.test")));
    }
}
