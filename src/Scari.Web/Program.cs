using Scari.Web;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;

// Command-line verbs run without serving: `migrate`, `certificate verify`.
var (verb, hostArgs) = Cli.Split(args);
// Offline verbs need no host (and no database).
if (verb == "certificate") return Scari.Web.Features.Certificates.CertificateCommand.Run(hostArgs, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(hostArgs);
builder.AddScariDatabase();
builder.Services.AddScariAccounts();
builder.Services.AddScariWeb();
builder.Services.AddScariCertificates();

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
await app.AnnounceFirstAdministratorLinkAsync();

app.UseScariWeb();
app.MapScariCertificates();
await app.RunAsync();
return 0;

public partial class Program;
