using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Testing;

/// <summary>
/// The real app on a real database. Exposes intent methods (create a user, get a signed-in client)
/// rather than its service provider.
/// </summary>
public sealed class ScariAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private ScariAppFactory(Dictionary<string, string?> settings) => _settings = settings;

    public static ScariAppFactory OnPostgres(string connectionString, params (string Key, string? Value)[] extra) =>
        new(Settings(extra, ("Database:Provider", "Postgres"), ("ConnectionStrings:Scari", connectionString)));

    public static ScariAppFactory OnSqlite(string dataDirectory, params (string Key, string? Value)[] extra) =>
        new(Settings(extra, ("Database:Provider", "Sqlite"), ("Scari:DataDirectory", dataDirectory)));

    private static Dictionary<string, string?> Settings((string, string?)[] extra, params (string, string?)[] baseSettings)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Scari:ContentDirectory"] = RepoPaths.Content,
            ["Scari:PublicBaseUrl"] = "https://scari.test",
            // Tests sign staff in with a password only and sign in often from one address;
            // the security tests turn these back on (Security/ tests).
            ["Security:TwoFactor:Administrador"] = "false",
            ["Security:TwoFactor:Coordinador"] = "false",
            ["Security:TwoFactor:Tutor"] = "false",
            ["RateLimits:PermitLimit"] = "100000",
            // Mail is written as .eml files in a folder of this app's own (removed on dispose); tests that read mail
            // point Mail:Host at a TestSmtpServer instead.
            ["Mail:Delivery"] = "Archivos",
            // Reminders run when a test asks (ReminderScheduler.RunOnceAsync with its own clock), never by the real date.
            ["Reminders:Enabled"] = "false",
        };
        foreach (var (k, v) in baseSettings.Concat(extra)) settings[k] = v;
        return settings;
    }

    private readonly List<ILoggerProvider> _loggers = [];

    /// <summary>Adds a logger provider (before the app starts), e.g. to assert what the app logs.</summary>
    public ScariAppFactory WithLogger(ILoggerProvider provider)
    {
        _loggers.Add(provider);
        return this;
    }

    /// <summary>Where this app writes mail in file mode, unless the test set Mail:Directory itself.</summary>
    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), $"scari-correo-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Mail:Directory", MailDirectory);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(l => { foreach (var p in _loggers) l.AddProvider(p); });
    }

    public ScariAppFactory WithKestrel()
    {
        UseKestrel(0);
        StartServer();
        return this;
    }

    /// <summary>The address of the real Kestrel server (after <see cref="WithKestrel"/>).</summary>
    public Uri ServerAddress
    {
        get
        {
            using var client = CreateClient();
            return client.BaseAddress!;
        }
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<T> WithDbAsync<T>(Func<ScariDbContext, Task<T>> work) =>
        WithScopeAsync(sp => work(sp.GetRequiredService<ScariDbContext>()));

    public Task<string?> IssueSetupTokenAsync() =>
        WithScopeAsync(sp => sp.GetRequiredService<FirstAdministrator>().IssueLinkTokenAsync(default));

    public const string DefaultPassword = "clave-de-prueba-2026";

    public Task<ScariUser> CreateUserAsync(string userName, string role, string? password = null, string? fullName = null) =>
        WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<ScariUser>>();
            var user = new ScariUser
            {
                UserName = userName,
                Email = userName.Contains('@') ? userName : null,
                FullName = fullName ?? userName,
                CreatedUtc = DateTime.UtcNow,
            };
            Check(await users.CreateAsync(user, password ?? DefaultPassword));
            Check(await users.AddToRoleAsync(user, role));
            return user;
        });

    /// <summary>A client without automatic redirects, with cookies, signed in through the real sign-in form.</summary>
    public async Task<HttpClient> SignedInClientAsync(string userName, string? password = null)
    {
        var client = CreateBrowserLikeClient();
        var response = await client.PostFormAsync("/cuenta/ingresar", new()
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password ?? DefaultPassword,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"No se pudo ingresar como {userName}: {(int)response.StatusCode}");
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(MailDirectory)) Directory.Delete(MailDirectory, recursive: true);
    }

    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
