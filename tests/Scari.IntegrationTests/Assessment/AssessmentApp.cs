using Scari.Testing;

namespace Scari.IntegrationTests.Assessment;

/// <summary>The app on its own PostgreSQL database, serving a copy of tests/fixtures/assessment (typed answers, pools, activities).</summary>
public sealed class AssessmentApp : PostgresApp, IAsyncDisposable
{
    public FixtureCopy Content { get; } = new(RepoPaths.TestsFolder(Path.Combine("fixtures", "assessment")));

    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Scari:ContentDirectory", Content.Root), ("Scari:QuizRandomSeed", Seed));

    /// <summary>Attempts draw from a seeded generator, so a failure repeats.</summary>
    public const string Seed = "20261207";

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        Content.Dispose();
    }
}

/// <summary>The same course on SQLite.</summary>
public sealed class SqliteAssessmentApp() : SqliteApp(
    ("Scari:ContentDirectory", RepoPaths.TestsFolder(Path.Combine("fixtures", "assessment"))), ("Scari:QuizRandomSeed", AssessmentApp.Seed));
