using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scari.Testing;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Mail;

namespace Scari.IntegrationTests.Mail;

/// <summary>Without an SMTP server: .eml files readable by the app's user only, listed at /admin/correo.</summary>
public sealed class MailFilesTests(SqliteApp fixture) : IClassFixture<SqliteApp>
{
    private ScariAppFactory App => fixture.App;

    [Fact]
    public async Task Messages_become_eml_files_only_the_app_user_can_read_listed_without_their_secret()
    {
        const string secret = "codigo-9QX2-secreto";
        var id = await App.WithScopeAsync(async sp =>
        {
            var row = sp.GetRequiredService<Outbox>().Add(new MailDraft("cuenta.codigo", "archivo@scari.test", "Persona",
                "Su código de ingreso", $"Su código es {secret}.") { CarriesSecret = true });
            await sp.GetRequiredService<ScariDbContext>().SaveChangesAsync();
            return row.Id;
        });

        var until = DateTime.UtcNow.AddSeconds(60);
        OutboxMessage row;
        while ((row = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id))).Status != OutboxStatus.Enviado)
        {
            Assert.True(DateTime.UtcNow < until, $"El mensaje quedó {row.Status}: {row.LastError}");
            await Task.Delay(50);
        }

        var file = Path.Combine(App.MailDirectory, row.FileName!);
        var eml = await File.ReadAllTextAsync(file);
        Assert.Contains("archivo@scari.test", eml);
        Assert.Contains("Su código de ingreso", MimeKit.MimeMessage.Load(file).Subject);
        Assert.Contains(secret, MimeKit.MimeMessage.Load(file).TextBody);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(App.MailDirectory));
        }
        Assert.True(row.Redacted);

        await App.CreateUserAsync("admin-archivos@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin-archivos@scari.test");
        var page = await admin.GetStringAsync("/admin/correo");
        Assert.Contains("archivos .eml", page);
        Assert.Contains(row.FileName!, page);
        Assert.DoesNotContain(secret, page);
    }

    [Fact]
    public async Task Outside_development_the_app_refuses_to_start_until_mail_delivery_is_chosen()
    {
        await using var production = App.WithWebHostBuilder(b => b.UseEnvironment("Production").UseSetting("Mail:Delivery", ""));
        var error = Assert.ThrowsAny<Exception>(() => production.Services);
        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains("Mail:Delivery=Archivos", validation.Message);
        await Task.CompletedTask;
    }
}
