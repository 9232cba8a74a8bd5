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
public sealed class PostgresIndicatorWorld : PostgresApp, IIndicatorWorld
{
    public IndicatorScenario.World World { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        World = await IndicatorScenario.SeedAsync(App);
    }
}

/// <summary>The same scenario on SQLite: the dashboard's queries must give the same numbers there.</summary>
public sealed class SqliteIndicatorWorld : SqliteApp, IIndicatorWorld
{
    public IndicatorScenario.World World { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        World = await IndicatorScenario.SeedAsync(App);
    }
}

public static class IndicatorWorldExtensions
{
    public static Task<T> CounterAsync<T>(this IIndicatorWorld world, Func<IndicatorCounter, IndicatorDefinitions, Task<T>> work) =>
        world.App.WithScopeAsync(sp => work(sp.GetRequiredService<IndicatorCounter>(), sp.GetRequiredService<IndicatorDefinitions>()));

    public static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
