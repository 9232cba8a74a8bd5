using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Data;
using Scari.Web.Features.Mail;

namespace Scari.IntegrationTests.Mail;

/// <summary>Two app instances delivering one outbox: each message leaves once (PostgreSQL and SQLite claims).</summary>
public sealed class OutboxInstancesTests
{
    private const int Count = 300;

    private static (string, string?)[] Racing(TestSmtpServer smtp) =>
        [.. smtp.Settings, ("Mail:BatchSize", "7"), ("Mail:PollSeconds", "0.05")];

    private static async Task QueueAsync(ScariAppFactory app, string domain) =>
        await app.WithScopeAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<Outbox>();
            for (var i = 0; i < Count; i++)
                outbox.Add(new MailDraft("prueba", $"p{i:D3}@{domain}", $"Persona {i}", $"Mensaje {i:D3}", "Texto."));
            return await sp.GetRequiredService<ScariDbContext>().SaveChangesAsync();
        });

    private static async Task AssertEachDeliveredOnceAsync(TestSmtpServer smtp, ScariAppFactory app)
    {
        await smtp.WaitForAsync(Count, timeoutSeconds: 120);
        await Task.Delay(1000); // a duplicate would arrive now
        var subjects = smtp.Received.Select(m => m.Subject).ToList();
        Assert.Equal(Count, subjects.Count);
        Assert.Equal(Count, subjects.Distinct().Count());
        Assert.Equal(Count, await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Enviado && m.Attempts == 1)));
    }

    [Fact]
    public async Task Two_instances_on_one_PostgreSQL_send_each_message_once()
    {
        await using var smtp = await TestSmtpServer.StartNewAsync();
        await using var database = await TestDatabase.CreateAsync();
        await using var first = ScariAppFactory.OnPostgres(database.ConnectionString, Racing(smtp));
        await using var second = ScariAppFactory.OnPostgres(database.ConnectionString, Racing(smtp));
        _ = first.Services;
        _ = second.Services;
        await QueueAsync(first, "pg.scari.test");

        await AssertEachDeliveredOnceAsync(smtp, first);
    }

    [Fact]
    public async Task Two_instances_on_one_SQLite_file_send_each_message_once()
    {
        await using var smtp = await TestSmtpServer.StartNewAsync();
        var data = Path.Combine(Path.GetTempPath(), $"scari-sqlite-{Guid.NewGuid():N}");
        try
        {
            await using var first = ScariAppFactory.OnSqlite(data, Racing(smtp));
            _ = first.Services;
            await using var second = ScariAppFactory.OnSqlite(data, Racing(smtp));
            _ = second.Services;
            await QueueAsync(first, "sqlite.scari.test");

            await AssertEachDeliveredOnceAsync(smtp, first);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }
}
