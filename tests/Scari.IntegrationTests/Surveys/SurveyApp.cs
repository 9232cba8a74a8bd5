using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;

namespace Scari.IntegrationTests.Surveys;

/// <summary>The app on its own PostgreSQL database, serving the two small courses of tests/fixtures/content/surveys.</summary>
public sealed class SurveyApp : PostgresApp
{
    public static string ContentDirectory => RepoPaths.TestsFolder(Path.Combine("fixtures", "content", "surveys"));

    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Scari:ContentDirectory", ContentDirectory));
}

/// <summary>The same courses on SQLite.</summary>
public sealed class SqliteSurveyApp() : SqliteApp(("Scari:ContentDirectory", SurveyApp.ContentDirectory));

/// <summary>A clock a test moves by hand: the app's «now» for availability and for the outbox.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

public static class ClockedApp
{
    /// <summary>The same app and database with its TimeProvider replaced.</summary>
    public static Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> WithClock(this ScariAppFactory app, TimeProvider clock) =>
        app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(clock)));
}
