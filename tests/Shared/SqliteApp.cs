namespace Scari.Testing;

/// <summary>
/// A class fixture: the app on SQLite (the zero-setup default) in a temporary data folder of its own, migrated
/// on first use and removed afterwards. A test class that needs a fresh app per test can own one and call
/// <see cref="InitializeAsync"/>/<see cref="DisposeAsync"/> from its own IAsyncLifetime.
/// </summary>
public class SqliteApp : IAsyncLifetime, IAppFixture
{
    private readonly (string Key, string? Value)[] _settings;
    private ScariAppFactory? _factory;

    public SqliteApp() : this([]) { }

    /// <summary>For a subclass with settings of its own (e.g. a low rate limit).</summary>
    protected SqliteApp(params (string Key, string? Value)[] settings) => _settings = settings;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"scari-sqlite-{Guid.NewGuid():N}");
    public ScariAppFactory App => _factory ?? throw new InvalidOperationException("La aplicación no se inició.");

    public virtual ValueTask InitializeAsync()
    {
        _factory = CreateFactory(DataDirectory, _settings);
        return ValueTask.CompletedTask;
    }

    protected virtual ScariAppFactory CreateFactory(string dataDirectory, (string Key, string? Value)[] settings) =>
        ScariAppFactory.OnSqlite(dataDirectory, settings);

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
