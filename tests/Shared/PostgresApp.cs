namespace Scari.Testing;

/// <summary>A class fixture: the app on a fresh PostgreSQL database of its own.</summary>
public class PostgresApp : IAsyncLifetime, IAppFixture
{
    private TestDatabase? _database;
    private ScariAppFactory? _factory;

    public ScariAppFactory App => _factory ?? throw new InvalidOperationException("La aplicación no se inició.");
    public TestDatabase Database => _database ?? throw new InvalidOperationException("La base de datos no se creó.");

    protected virtual ScariAppFactory CreateFactory(string connectionString) => ScariAppFactory.OnPostgres(connectionString);

    public virtual async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _factory = CreateFactory(_database.ConnectionString);
        _ = _factory.Services; // starts the host: migrations run here, once per class
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
