#:sdk Microsoft.NET.Sdk.Web
#:property PublishAot=false
#:project ../../src/Scari.Web/Scari.Web.csproj
// One reminder pass over N enrolled people, as the scheduler runs it (ReminderScheduler.RunOnceAsync: lease, one
// ReminderRun, release), then a second pass right after, which must find nothing new:
//   dotnet run scripts/bench/reminder-pass.cs [people]
// The app's own composition (every AddScari… of Program.cs) on SQLite in a temporary folder, or on PostgreSQL with
// SCARI_BENCH_POSTGRES=<connection string> (an empty database). Content: tests/fixtures/journey-content, whose course
// «intentos-contados» sets not_started_days 7, stalled_days 10, closing_days 3.
// People, all civil servants with an e-mail, enrolled 30 days ago, in four equal parts: never started (a reminder is
// due), last lesson 20 days ago (stalled: due), a lesson yesterday (nothing due), completed (never reminded).
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
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

var people = args.Length > 0 ? int.Parse(args[0]) : 10_000;
const string CourseId = "intentos-contados";
var root = FindRoot();
var postgres = Environment.GetEnvironmentVariable("SCARI_BENCH_POSTGRES");
var folder = Directory.CreateTempSubdirectory("scari-bench-recordatorios-").FullName;
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
// The host is never started: no background sender, no scheduler loop; the passes below are the only work.
await using var app = builder.Build();
await app.Services.MigrateAsync();
await app.LoadScariContentAsync();

var now = DateTime.UtcNow;
var seed = Stopwatch.StartNew();
await using (var scope = app.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<ScariDbContext>();
    var version = await db.CourseVersions.Where(v => v.CourseId == CourseId && v.IsCurrent).Select(v => v.Id).SingleAsync();
    var lesson = app.Services.GetRequiredService<CourseCatalog>().Find(CourseId)!.Lessons.First().Id;
    for (var start = 0; start < people; start += 1000)
    {
        var batch = Enumerable.Range(start, Math.Min(1000, people - start)).Select(i => new Person
        {
            DocumentType = DocumentType.CC, DocumentNumber = (80_000_000 + i).ToString(), GivenNames = $"Persona {i}", FamilyNames = "Banco",
            Email = $"persona{i}@bench.test", Audience = Audience.Staff, CreatedUtc = now.AddDays(-40),
        }).ToList();
        db.People.AddRange(batch);
        await db.SaveChangesAsync();
        var enrollments = batch.Select((p, k) => new Enrollment
        {
            PersonId = p.Id, CourseId = CourseId, CourseVersionId = version, Source = EnrollmentSource.Import,
            EnrolledUtc = now.AddDays(-30), CompletedUtc = (start + k) % 4 == 3 ? now.AddDays(-2) : null,
        }).ToList();
        db.Enrollments.AddRange(enrollments);
        await db.SaveChangesAsync();
        for (var k = 0; k < enrollments.Count; k++)
            if ((start + k) % 4 is 1 or 2 or 3)
                db.LessonProgress.Add(new LessonProgress { EnrollmentId = enrollments[k].Id, LessonId = lesson,
                    CompletedUtc = (start + k) % 4 == 1 ? now.AddDays(-20) : now.AddDays(-1) });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }
}
seed.Stop();

async Task<(long Sends, long Messages)> RowsAsync()
{
    await using var scope = app.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<ScariDbContext>();
    return (await db.ReminderSends.LongCountAsync(), await db.OutboxMessages.LongCountAsync());
}

var scheduler = app.Services.GetRequiredService<ReminderScheduler>();
await using (var warm = app.Services.CreateAsyncScope()) // the model and the first connection, outside the measurement
    await warm.ServiceProvider.GetRequiredService<ScariDbContext>().People.CountAsync();

var before = await RowsAsync();
var allocatedBefore = GC.GetTotalAllocatedBytes(true);
var sw = Stopwatch.StartNew();
var first = await scheduler.RunOnceAsync(CancellationToken.None);
var firstTime = sw.Elapsed;
var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
var afterFirst = await RowsAsync();
sw.Restart();
var second = await scheduler.RunOnceAsync(CancellationToken.None);
var secondTime = sw.Elapsed;
var afterSecond = await RowsAsync();
var process = Process.GetCurrentProcess();

Console.WriteLine($"base de datos: {(postgres is { Length: > 0 } ? "PostgreSQL" : "SQLite")}; {people} personas inscritas (sembradas en {seed.Elapsed.TotalSeconds:0.0} s)");
Console.WriteLine($"primera pasada: {firstTime.TotalSeconds:0.00} s; {first?.Reminders} recordatorios encolados; filas escritas: " +
    $"{afterFirst.Sends - before.Sends} ReminderSends + {afterFirst.Messages - before.Messages} OutboxMessages; asignado {allocated / 1048576.0:0} MB");
Console.WriteLine($"segunda pasada: {secondTime.TotalSeconds:0.00} s; {second?.Reminders} recordatorios; filas escritas: " +
    $"{afterSecond.Sends - afterFirst.Sends} ReminderSends + {afterSecond.Messages - afterFirst.Messages} OutboxMessages");
Console.WriteLine($"memoria: pico del proceso {process.PeakWorkingSet64 / 1048576.0:0} MB");
if (afterFirst.Sends - before.Sends != people / 2 || afterSecond.Sends != afterFirst.Sends)
{
    Console.Error.WriteLine($"Se esperaban {people / 2} recordatorios en la primera pasada y ninguno en la segunda.");
    return 1;
}
if (postgres is not { Length: > 0 }) Directory.Delete(folder, recursive: true);
return 0;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Scari.sln"))) return dir.FullName;
    throw new InvalidOperationException("Ejecute el banco desde el repositorio (no se encontró Scari.sln).");
}
