using Scari.Web;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Api;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.InPerson;
using Scari.Web.Features.Learning;
using Scari.Web.Features.OpenData;
using Scari.Web.Features.Mail;
using Scari.Web.Features.People;
using Scari.Web.Features.People.Import;
using Scari.Web.Features.Surveys;
using Scari.Web.Features.Privacy;
using Scari.Web.Features.Reminders;

// Command-line verbs run without serving: `migrate`, `certificate rotate-key`, `open-data export`; `content check`, `certificate verify` and `report verify` need no database.
var (verb, hostArgs) = Cli.Split(args);
if (verb == "content") return Cli.Content(hostArgs);
if (verb == "certificate" && hostArgs is not ["rotate-key", ..]) return CertificateCommand.Run(hostArgs, Console.Out, Console.Error);
if (verb == "report") return ReportCommand.Run(hostArgs, Console.Out, Console.Error);

// The rotation's own options are not configuration: the host reads settings from the environment and appsettings only.
// The web root (CSS, images) is found from the app's own folder, not the working directory (ScariPaths.WebRoot).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = verb == "certificate" ? [] : hostArgs,
    WebRootPath = ScariPaths.WebRoot(),
});
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

var app = builder.Build();

if (verb == "migrate")
{
    await app.Services.MigrateAsync();
    Console.WriteLine("Migraciones aplicadas.");
    if (await DuplicateEmailReport.MessageAsync(app.Services) is { } duplicates) Console.WriteLine(duplicates);
    return 0;
}
if (verb == "certificate") return await KeyRotationCommand.RunAsync(app.Services, hostArgs[1..], Console.Out, Console.Error);
if (verb == "open-data")
{
    await app.LoadScariContentAsync();
    return await OpenDataCommand.RunAsync(app.Services, hostArgs, Console.Out, Console.Error);
}
if (verb is not null) return Cli.Unknown(verb);

if (app.Services.GetRequiredService<DatabaseOptions>().MigrateOnStart)
{
    await app.Services.MigrateAsync();
    if (await DuplicateEmailReport.MessageAsync(app.Services) is { } duplicates) app.Logger.LogWarning("{Report}", duplicates);
}
await app.LoadScariContentAsync();
await app.AnnounceFirstAdministratorLinkAsync();
await app.SeedCataloguesAsync();

app.UseScariWeb();
app.MapScariCertificates();
app.MapScariApi();
app.MapScariOpenData();
app.MapScariCalendarFeeds();
app.MapScariUnsubscribe();
await app.RunAsync();
return 0;

public partial class Program;
