using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Mail;

namespace Scari.IntegrationTests.Mail;

/// <summary>The app on a PostgreSQL database of its own with a real SMTP server in the test process.</summary>
public sealed class SmtpPostgresApp : IAsyncLifetime, IAppFixture
{
    private TestDatabase? _database;
    private ScariAppFactory? _app;

    public TestSmtpServer Smtp { get; private set; } = null!;
    public ScariAppFactory App => _app ?? throw new InvalidOperationException("La aplicación no se inició.");

    public async ValueTask InitializeAsync()
    {
        Smtp = await TestSmtpServer.StartNewAsync();
        _database = await TestDatabase.CreateAsync();
        _app = ScariAppFactory.OnPostgres(_database.ConnectionString, Smtp.Settings);
        _ = _app.Services;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed class OutboxTests(SmtpPostgresApp fixture) : IClassFixture<SmtpPostgresApp>
{
    private ScariAppFactory App => fixture.App;
    private TestSmtpServer Smtp => fixture.Smtp;

    private static MailDraft Draft(string to, string subject, bool secret = false) =>
        new("prueba", to, "Persona de Prueba", subject, $"Hola.\n\n{subject}\n") { HtmlBody = $"<p>{subject}</p>", CarriesSecret = secret };

    private Task<long[]> QueueAsync(params MailDraft[] drafts) => App.WithScopeAsync(async sp =>
    {
        var outbox = sp.GetRequiredService<Outbox>();
        var rows = drafts.Select(outbox.Add).ToList();
        await sp.GetRequiredService<ScariDbContext>().SaveChangesAsync();
        return rows.Select(r => r.Id).ToArray();
    });

    private Task<OutboxMessage> RowAsync(long id) =>
        App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    private async Task<OutboxMessage> WaitForStatusAsync(long id, Func<OutboxMessage, bool> done, int seconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var row = await RowAsync(id);
            if (done(row)) return row;
            if (DateTime.UtcNow > until) throw new TimeoutException($"El mensaje {id} quedó en {row.Status} ({row.LastError}).");
            await Task.Delay(50);
        }
    }

    private List<MimeKit.MimeMessage> To(string address) =>
        Smtp.Received.Where(m => m.To.Mailboxes.Any(b => b.Address == address)).ToList();

    [Fact]
    public async Task A_queued_message_reaches_the_smtp_server_with_recipient_subject_and_both_parts()
    {
        var id = (await QueueAsync(Draft("entrega@scari.test", "Asunto de la entrega")))[0];

        var message = await Smtp.WaitForMessageToAsync("entrega@scari.test");

        Assert.Equal("Asunto de la entrega", message.Subject);
        Assert.Equal("Persona de Prueba", message.To.Mailboxes.Single().Name);
        Assert.Contains("Asunto de la entrega", message.TextBody);
        Assert.Contains("<p>Asunto de la entrega</p>", message.HtmlBody);
        var row = await WaitForStatusAsync(id, r => r.Status == OutboxStatus.Enviado);
        Assert.NotNull(row.SentUtc);
        Assert.Null(row.ClaimToken);
    }

    [Fact]
    public async Task A_message_whose_event_was_rolled_back_is_never_sent()
    {
        await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ScariDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            sp.GetRequiredService<Outbox>().Add(Draft("revertido@scari.test", "No debe salir"));
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
            return 0;
        });
        await QueueAsync(Draft("despues@scari.test", "Sale después"));

        await Smtp.WaitForMessageToAsync("despues@scari.test");
        Assert.Empty(To("revertido@scari.test"));
        Assert.False(await App.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "revertido@scari.test")));
    }

    [Fact]
    public async Task When_the_server_refuses_mid_batch_and_comes_back_every_message_is_delivered_once()
    {
        const int count = 20;
        Smtp.AfterEach = received => { if (To("lote@scari.test").Count == 5) Smtp.RefuseAll = true; };
        try
        {
            var ids = await QueueAsync(Enumerable.Range(1, count).Select(i => Draft("lote@scari.test", $"Lote {i:D2}")).ToArray());
            // Some messages were refused and wait for their retry with the reason recorded.
            var waiting = await WaitForStatusAsync(ids[^1], r => r.Attempts >= 1 && r.Status == OutboxStatus.Pendiente);
            Assert.Contains("421", waiting.LastError);
            Assert.Equal(5, To("lote@scari.test").Count);
        }
        finally
        {
            Smtp.AfterEach = null;
            Smtp.RefuseAll = false;
        }

        var until = DateTime.UtcNow.AddSeconds(60);
        while (To("lote@scari.test").Count < count && DateTime.UtcNow < until) await Task.Delay(50);
        await Task.Delay(500); // anything sent twice would arrive now
        var subjects = To("lote@scari.test").Select(m => m.Subject).Order().ToList();
        Assert.Equal(Enumerable.Range(1, count).Select(i => $"Lote {i:D2}"), subjects);
    }

    [Fact]
    public async Task With_the_server_down_the_page_that_queues_still_works_admins_see_a_spanish_error_and_mail_leaves_once_it_is_back()
    {
        await App.CreateUserAsync("admin-correo@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin-correo@scari.test");
        await Smtp.StopAsync();
        long id;
        try
        {
            // A page that queues (here the outbox itself via the service the pages call) is unaffected by SMTP.
            id = (await QueueAsync(Draft("caido@scari.test", "Mientras el servidor está caído")))[0];
            var waiting = await WaitForStatusAsync(id, r => r.Attempts >= 1);
            Assert.Equal(OutboxStatus.Pendiente, waiting.Status);
            Assert.Contains("No se pudo conectar con el servidor SMTP 127.0.0.1", waiting.LastError);

            var page = await admin.GetStringAsync("/admin/correo");
            Assert.Contains("La entrega tiene un problema", page);
            Assert.Contains("Revise Mail:Host y Mail:Port", page);
        }
        finally
        {
            await Smtp.StartAsync();
        }

        await Smtp.WaitForMessageToAsync("caido@scari.test");
        await WaitForStatusAsync(id, r => r.Status == OutboxStatus.Enviado);
        await Task.Delay(500);
        Assert.Single(To("caido@scari.test"));
    }

    [Fact]
    public async Task A_refused_recipient_fails_for_good_shows_at_admin_correo_and_the_resend_button_delivers_it()
    {
        Smtp.RejectedRecipients["rechazado@scari.test"] = true;
        var id = (await QueueAsync(Draft("rechazado@scari.test", "Rechazado por el servidor")))[0];
        var failed = await WaitForStatusAsync(id, r => r.Status == OutboxStatus.Fallido);
        Assert.Contains("550", failed.LastError);

        await App.CreateUserAsync("admin-reenvio@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin-reenvio@scari.test");
        var page = await admin.GetStringAsync("/admin/correo?estado=Fallido");
        Assert.Contains("rechazado@scari.test", page);
        Assert.Contains($"Reenviar<span class=\"visually-hidden\"> el mensaje {id}</span>", page);

        Smtp.RejectedRecipients.Clear();
        var response = await admin.PostFormAsync("/admin/correo?estado=Fallido",
            new() { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, formAction: "/admin/correo?handler=Resend");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await Smtp.WaitForMessageToAsync("rechazado@scari.test");
        Assert.Equal(OutboxStatus.Enviado, (await WaitForStatusAsync(id, r => r.Status == OutboxStatus.Enviado)).Status);
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "mail.resent" && a.TargetId == id.ToString())));
    }

    [Fact]
    public async Task A_message_with_a_secret_loses_its_body_once_delivered_and_admin_correo_never_shows_it()
    {
        const string secret = "enlace-secreto-8f3k2";
        var id = (await QueueAsync(new MailDraft("cuenta.restablecer", "secreto@scari.test", "Persona", "Restablecer su contraseña",
            $"Abra https://scari.test/cuenta/restablecer?token={secret}") { CarriesSecret = true }))[0];

        var received = await Smtp.WaitForMessageToAsync("secreto@scari.test");
        Assert.Contains(secret, received.TextBody);
        var row = await WaitForStatusAsync(id, r => r.Status == OutboxStatus.Enviado);
        Assert.True(row.Redacted);
        Assert.DoesNotContain(secret, row.TextBody);
        Assert.Null(row.HtmlBody);

        await App.CreateUserAsync("admin-secreto@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("admin-secreto@scari.test");
        var page = await admin.GetStringAsync("/admin/correo");
        Assert.Contains("Restablecer su contraseña", page);
        Assert.DoesNotContain(secret, page);
    }

    [Fact]
    public async Task Only_administrators_open_admin_correo()
    {
        await App.CreateUserAsync("coord-correo@scari.test", Roles.Coordinador);
        using var coordinator = await App.SignedInClientAsync("coord-correo@scari.test");
        using var response = await coordinator.GetAsync("/admin/correo");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect);
        if (response.StatusCode == HttpStatusCode.Redirect)
            Assert.Contains("acceso-denegado", response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
