#:sdk Microsoft.NET.Sdk.Web
#:property PublishAot=false
#:project ../../src/Scari.Web/Scari.Web.csproj
// Stamping certificates one after another, as CourseCompletion does when a learner finishes: N completions (default
// 2,000) issued by CertificateIssuer.IssueAsync, each in its own scope, after 50 that warm the code and create the signing key:
//   dotnet run -c Release scripts/bench/stamping.cs [certificates]
// Prints the time per certificate and the database commands per certificate (every command EF Core executes, counted
// from its diagnostic events). The app's own composition (every AddScari… of Program.cs) on SQLite in a temporary
// folder, or on PostgreSQL with SCARI_BENCH_POSTGRES=<connection string> (an empty database). Content:
// tests/fixtures/journey-content. scripts/bench/stamping.sh runs it on both engines, also on an older commit.
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Scari.Web;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Api;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using Scari.Web.Features.Mail;
using Scari.Web.Features.OpenData;
using Scari.Web.Features.People;
using Scari.Web.Features.Privacy;
using Scari.Web.Features.People.Import;
using Scari.Web.Features.Reminders;
using Scari.Web.Features.Surveys;

var count = args.Length > 0 ? int.Parse(args[0]) : 2_000;
const int Warm = 50;
const string CourseId = "intentos-contados";
var root = FindRoot();
var postgres = Environment.GetEnvironmentVariable("SCARI_BENCH_POSTGRES");
var folder = Directory.CreateTempSubdirectory("scari-bench-sellado-").FullName;
var settings = new Dictionary<string, string?>
{
    ["Scari:DataDirectory"] = folder,
    ["Scari:ContentDirectory"] = Path.Combine(root, "tests", "fixtures", "journey-content"),
    ["Scari:PublicBaseUrl"] = "https://scari.bench",
    ["Mail:Delivery"] = "Archivos",
    ["Reminders:Enabled"] = "false",
    ["Database:Provider"] = postgres is { Length: > 0 } ? "Postgres" : "Sqlite",
    ["ConnectionStrings:Scari"] = postgres is { Length: > 0 } ? postgres : $"Data Source={Path.Combine(folder, "scari.db")}",
};
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
builder.Configuration.AddInMemoryCollection(settings);
builder.Logging.SetMinimumLevel(LogLevel.Error);
builder.AddScariDatabase();
builder.Services.AddScariAccounts();
builder.Services.AddScariWeb();
builder.Services.AddScariAdmin();
builder.Services.AddScariTwoFactor();
builder.Services.AddScariContent();
builder.Services.AddScariPeople();
builder.Services.AddScariCertificates();
builder.Services.AddScariEnrollment();
builder.Services.AddScariLearning();
builder.Services.AddScariPrivacy();
builder.Services.AddScariImport();
builder.Services.AddScariIndicators();
builder.Services.AddScariApi();
builder.Services.AddScariOpenData();
builder.Services.AddScariMail();
builder.Services.AddScariSurveys();
builder.Services.AddScariReminders();
// The host is never started: no background sender; the stamping below is the only work.
await using var app = builder.Build();
await app.Services.MigrateAsync();
await app.LoadScariContentAsync();

var now = DateTime.UtcNow;
List<int> completions;
await using (var scope = app.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<ScariDbContext>();
    var version = await db.CourseVersions.Where(v => v.CourseId == CourseId && v.IsCurrent).SingleAsync();
    var total = Warm + count;
    var people = Enumerable.Range(0, total).Select(i => new Person
    {
        DocumentType = DocumentType.CC, DocumentNumber = (81_000_000 + i).ToString(), GivenNames = $"Persona {i}", FamilyNames = "Banco",
        Email = $"persona{i}@bench.test", Audience = Audience.Staff, CreatedUtc = now.AddDays(-40),
    }).ToList();
    db.People.AddRange(people);
    await db.SaveChangesAsync();
    var rows = people.Select(p => new Completion
    {
        PersonId = p.Id, CourseId = CourseId, CourseVersionId = version.Id, Source = CompletionSource.Online,
        CompletedUtc = now.AddDays(-1), Hours = version.Hours,
    }).ToList();
    db.Completions.AddRange(rows);
    await db.SaveChangesAsync();
    completions = [.. rows.Select(c => c.Id)];
}

async Task IssueAsync(int completionId)
{
    await using var scope = app.Services.CreateAsyncScope();
    var issued = await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueAsync(completionId, CancellationToken.None);
    if (issued is null) throw new InvalidOperationException($"No se emitió el certificado de la finalización {completionId}.");
}

foreach (var id in completions.Take(Warm)) await IssueAsync(id);

var commands = new CommandCounter();
using var subscription = DiagnosticListener.AllListeners.Subscribe(commands);
await Task.Delay(TimeSpan.FromSeconds(1.2)); // EF Core's logging cache: pooled contexts notice the new listener
var process = Process.GetCurrentProcess();
var cpuBefore = process.TotalProcessorTime;
var allocatedBefore = GC.GetTotalAllocatedBytes(true);
var sw = Stopwatch.StartNew();
foreach (var id in completions.Skip(Warm)) await IssueAsync(id);
sw.Stop();
process.Refresh();
var cpu = process.TotalProcessorTime - cpuBefore;
var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;

Console.WriteLine($"base de datos: {(postgres is { Length: > 0 } ? "PostgreSQL" : "SQLite")}; {count} certificados uno tras otro (tras {Warm} de calentamiento)");
Console.WriteLine($"tiempo: {sw.Elapsed.TotalMilliseconds / count:0.00} ms por certificado ({count / sw.Elapsed.TotalSeconds:0} por segundo); " +
    $"CPU del proceso {cpu.TotalMilliseconds / count:0.00} ms por certificado; asignado {allocated / (double)count / 1024:0} KB por certificado");
Console.WriteLine($"órdenes a la base: {commands.Reads / (double)count:0.00} lecturas y {commands.Writes / (double)count:0.00} escrituras por certificado");
if (postgres is not { Length: > 0 }) Directory.Delete(folder, recursive: true);
return 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Scari.sln"))) return dir.FullName;
    throw new InvalidOperationException("Ejecute el banco desde el repositorio (no se encontró Scari.sln).");
}

/// <summary>Every command EF Core executes in the process: a write when it starts with or holds INSERT, UPDATE or DELETE.</summary>
sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    public long Reads, Writes;
    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name) listener.Subscribe(this);
    }
    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Key != RelationalEventId.CommandExecuted.Name || e.Value is not CommandExecutedEventData data) return;
        var sql = data.Command.CommandText;
        if (sql.Contains("INSERT ", StringComparison.OrdinalIgnoreCase) || sql.Contains("UPDATE ", StringComparison.OrdinalIgnoreCase)
            || sql.Contains("DELETE ", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref Writes);
        else Interlocked.Increment(ref Reads);
    }
    public void OnCompleted() { }
    public void OnError(Exception error) { }
}
