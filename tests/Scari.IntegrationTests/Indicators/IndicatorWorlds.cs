using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Features.Indicators;

namespace Scari.IntegrationTests.Indicators;

public interface IIndicatorWorld
{
    ScariAppFactory App { get; }
    IndicatorScenario.World World { get; }
}

/// <summary>The scenario on a fresh PostgreSQL database.</summary>
public sealed class PostgresIndicatorWorld : IIndicatorWorld, IAsyncLifetime
{
    private TestDatabase? _database;
    public ScariAppFactory App { get; private set; } = null!;
    public IndicatorScenario.World World { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        App = ScariAppFactory.OnPostgres(_database.ConnectionString);
        World = await IndicatorScenario.SeedAsync(App);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

/// <summary>The same scenario on SQLite: the dashboard's queries must give the same numbers there.</summary>
public sealed class SqliteIndicatorWorld : IIndicatorWorld, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"scari-ind-{Guid.NewGuid():N}");
    public ScariAppFactory App { get; private set; } = null!;
    public IndicatorScenario.World World { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = ScariAppFactory.OnSqlite(_directory);
        World = await IndicatorScenario.SeedAsync(App);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

public static class IndicatorWorldExtensions
{
    public static Task<T> CounterAsync<T>(this IIndicatorWorld world, Func<IndicatorCounter, IndicatorDefinitions, Task<T>> work) =>
        world.App.WithScopeAsync(sp => work(sp.GetRequiredService<IndicatorCounter>(), sp.GetRequiredService<IndicatorDefinitions>()));

    public static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
