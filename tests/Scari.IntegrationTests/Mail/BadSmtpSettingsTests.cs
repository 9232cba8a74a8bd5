using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.IntegrationTests.Security;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Mail;

namespace Scari.IntegrationTests.Mail;

/// <summary>
/// The app with a wrong mail setting (Mail:Tls asks for TLS on connect; the server speaks plain SMTP): the pages that
/// queue mail keep working, /admin/correo and the log say what is wrong in Spanish and which setting to check.
/// </summary>
public sealed class BadSmtpSettingsTests(BadSmtpSettingsTests.MisconfiguredApp fixture) : IClassFixture<BadSmtpSettingsTests.MisconfiguredApp>
{
    public sealed class MisconfiguredApp : IAsyncLifetime, IAppFixture
    {
        private TestDatabase? _database;
        private ScariAppFactory? _app;

        public TestSmtpServer Smtp { get; private set; } = null!;
        public CapturedLogs Logs { get; } = new();
        public ScariAppFactory App => _app ?? throw new InvalidOperationException("La aplicación no se inició.");

        public async ValueTask InitializeAsync()
        {
            Smtp = await TestSmtpServer.StartNewAsync();
            _database = await TestDatabase.CreateAsync();
            _app = ScariAppFactory.OnPostgres(_database.ConnectionString, [.. Smtp.Settings, ("Mail:Tls", "SslAlConectar")]).WithLogger(Logs);
            _ = _app.Services;
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null) await _app.DisposeAsync();
            if (_database is not null) await _database.DisposeAsync();
            await Smtp.DisposeAsync();
        }
    }

    private ScariAppFactory App => fixture.App;

    [Fact]
    public async Task A_page_that_queues_mail_still_works_and_admin_correo_and_the_log_name_the_setting_to_check_in_spanish()
    {
        var user = await App.CreateUserAsync("tls-mal@scari.test", Roles.Aprendiz);
        await App.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailConfirmed, true)));

        // The page that queues answers as always, at once: queuing never talks to the mail server.
        using var browser = App.CreateBrowserLikeClient();
        using var asked = await browser.PostFormAsync("/cuenta/olvide-mi-contrasena", new() { ["Email"] = "tls-mal@scari.test" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains(AccountMail.SameAnswer, WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync()));

        var until = DateTime.UtcNow.AddSeconds(60);
        OutboxMessage row;
        while (true)
        {
            row = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.ToAddress == "tls-mal@scari.test"));
            if (row.Attempts >= 1 || DateTime.UtcNow > until) break;
            await Task.Delay(50);
        }
        Assert.Equal(OutboxStatus.Pendiente, row.Status); // it waits for its retry, with the reason
        const string reason = "Falló la conexión cifrada con 127.0.0.1";
        Assert.StartsWith(reason, row.LastError);
        Assert.Contains("Revise Mail:Tls", row.LastError);
        Assert.Empty(fixture.Smtp.Received);

        await App.CreateUserAsync("admin-tls@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin-tls@scari.test");
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/correo"));
        Assert.Contains("La entrega tiene un problema", page);
        Assert.Contains("Revise Mail:Tls (Auto, StartTls, SslAlConectar o Ninguno)", page);
        Assert.DoesNotContain("token=", page); // the reset link it holds is never shown

        Assert.Contains(fixture.Logs.Lines, l => l.StartsWith("Error ", StringComparison.Ordinal)
            && l.Contains($"Correo: no se pudo abrir la entrega. {reason}", StringComparison.Ordinal) && l.Contains("Revise Mail:Tls", StringComparison.Ordinal));
    }
}
