using Scari.Testing;

namespace Scari.IntegrationTests.Learning;

/// <summary>The app on its own PostgreSQL database, serving the small courses of tests/fixtures/journey-content.</summary>
public sealed class JourneyApp : PostgresApp
{
    public static string ContentDirectory => RepoPaths.TestsFolder(Path.Combine("fixtures", "journey-content"));

    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Scari:ContentDirectory", ContentDirectory));
}

/// <summary>The same courses on SQLite, the zero-setup default: the learner's journey must hold there too.</summary>
public sealed class SqliteJourneyApp() : SqliteApp(("Scari:ContentDirectory", JourneyApp.ContentDirectory));
