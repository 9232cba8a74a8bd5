#:sdk Microsoft.NET.Sdk.Web
#:property PublishAot=false
#:project ../../src/Scari.Web/Scari.Web.csproj
#:package SmtpServer
// Queues and delivers 10,000 messages through the outbox to an SMTP server in this process:
//   dotnet run scripts/bench/mail-outbox.cs [count] [batch]
// SQLite in a temporary folder by default; SCARI_BENCH_POSTGRES=<connection string> to use PostgreSQL.
using System.Buffers;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Scari.Web.Data;
using Scari.Web.Features.Mail;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

var count = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var batch = args.Length > 1 ? int.Parse(args[1]) : 50;
var port = FreePort();
var received = new Counter();
var services0 = new SmtpServer.ComponentModel.ServiceProvider();
services0.Add(received);
var smtp = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName("localhost")
    .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build(), services0);
using var stopSmtp = new CancellationTokenSource();
var smtpTask = smtp.StartAsync(stopSmtp.Token);

var postgres = Environment.GetEnvironmentVariable("SCARI_BENCH_POSTGRES");
var folder = Directory.CreateTempSubdirectory("scari-bench-correo-").FullName;
var settings = new Dictionary<string, string?>
{
    ["Mail:Delivery"] = "Smtp", ["Mail:Host"] = "127.0.0.1", ["Mail:Port"] = port.ToString(), ["Mail:Tls"] = "Ninguno",
    ["Mail:BatchSize"] = batch.ToString(), ["Scari:DataDirectory"] = folder,
};
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
builder.Configuration.AddInMemoryCollection(settings);
if (postgres is { Length: > 0 })
    builder.Services.AddDbContext<ScariDbContext, PostgresScariDbContext>(o => o.UseNpgsql(postgres));
else
    builder.Services.AddDbContext<ScariDbContext, SqliteScariDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(folder, "scari.db")}"));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddOptions<MailOptions>().BindConfiguration("Mail");
builder.Services.AddSingleton<OutboxSignal>();
builder.Services.AddSingleton<MailTransport>();
builder.Services.AddScoped<Outbox>();
builder.Services.AddSingleton<OutboxDelivery>();
await using var app = builder.Build();
await using (var scope = app.Services.CreateAsyncScope())
    await scope.ServiceProvider.GetRequiredService<ScariDbContext>().MigrateTogetherSafelyAsync();

var process = Process.GetCurrentProcess();
var allocatedBefore = GC.GetTotalAllocatedBytes(true);
var sw = Stopwatch.StartNew();
// Queued as events queue them: in units of work of 100 rows (a cohort's enrollment queues one per member).
for (var start = 0; start < count; start += 100)
{
    await using var scope = app.Services.CreateAsyncScope();
    var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
    for (var i = start; i < Math.Min(count, start + 100); i++)
        outbox.Add(new MailDraft("bench", $"persona{i}@scari.test", $"Persona {i}", $"Inscripción en «Seguridad digital» {i}",
            "Hola.\n\nQuedó inscrito en el curso «Seguridad digital» de SCARI.\n") { HtmlBody = "<p>Hola.</p><p>Quedó inscrito en el curso «Seguridad digital».</p>" });
    await scope.ServiceProvider.GetRequiredService<ScariDbContext>().SaveChangesAsync();
}
var queued = sw.Elapsed;

var delivery = app.Services.GetRequiredService<OutboxDelivery>();
sw.Restart();
while (await delivery.DeliverBatchAsync(CancellationToken.None) > 0) { }
var delivered = sw.Elapsed;
process.Refresh();
var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;

Console.WriteLine($"base de datos: {(postgres is { Length: > 0 } ? "PostgreSQL" : "SQLite")}, lote {batch}");
Console.WriteLine($"encolar {count} mensajes: {queued.TotalSeconds:0.00} s ({count / queued.TotalSeconds:0} por segundo)");
Console.WriteLine($"entregar {count} mensajes por SMTP: {delivered.TotalSeconds:0.00} s ({count / delivered.TotalSeconds:0} por segundo); recibidos {received.Count}");
Console.WriteLine($"memoria: pico del proceso {process.PeakWorkingSet64 / 1048576.0:0} MB, asignado en total {allocated / 1048576.0:0} MB ({allocated / (double)count / 1024:0.0} KB por mensaje)");
await stopSmtp.CancelAsync();
smtp.Shutdown();
try { await smtpTask; } catch (OperationCanceledException) { }
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);
return received.Count == count ? 0 : 1;

static int FreePort()
{
    var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    l.Start();
    var p = ((IPEndPoint)l.LocalEndpoint).Port;
    l.Stop();
    return p;
}

sealed class Counter : MessageStore
{
    private int _count;
    public int Count => _count;

    public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return Task.FromResult(SmtpResponse.Ok);
    }
}
