using Scari.Web;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Indicators;

// Command-line verbs run without serving: `migrate`, `content check` (the latter without a database).
var (verb, hostArgs) = Cli.Split(args);
if (verb == "content") return Cli.Content(hostArgs);

var builder = WebApplication.CreateBuilder(hostArgs);
builder.AddScariDatabase();
builder.Services.AddScariAccounts();
builder.Services.AddScariWeb();
builder.Services.AddScariContent();
builder.Services.AddScariIndicators();

var app = builder.Build();

if (verb == "migrate")
{
    await app.Services.MigrateAsync();
    Console.WriteLine("Migraciones aplicadas.");
    return 0;
}
if (verb is not null) return Cli.Unknown(verb);

if (app.Services.GetRequiredService<DatabaseOptions>().MigrateOnStart)
    await app.Services.MigrateAsync();
await app.LoadScariContentAsync();
await app.AnnounceFirstAdministratorLinkAsync();

app.UseScariWeb();
await app.RunAsync();
return 0;

public partial class Program;
