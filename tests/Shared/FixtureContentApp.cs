namespace Scari.Testing;

/// <summary>A class fixture: the app on its own PostgreSQL database, serving a copy of the «valid» fixture content.</summary>
public sealed class FixtureContentApp : PostgresApp, IAsyncDisposable
{
    public FixtureCopy Content { get; } = new("valid");

    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Scari:ContentDirectory", Content.Root));

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        Content.Dispose();
    }
}
