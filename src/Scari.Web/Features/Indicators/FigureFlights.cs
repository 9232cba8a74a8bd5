using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// One computation per figure. Concurrent requests for the same key share one computation ("single flight") instead
/// of each running the same aggregates; the computation runs in a DI scope of its own, so a caller that gives up
/// (a closed browser tab) cancels only its own wait, never the others'. Public figures can also be served stale while
/// a single background computation refreshes them (<see cref="StaleWhileRevalidateAsync"/>).
/// </summary>
public sealed class FigureFlights(IServiceScopeFactory scopes, IMemoryCache cache, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<FigureFlights> log)
{
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private long _computations;
    private long _joined;

    /// <summary>Computations started since the app started (each key once while it runs).</summary>
    public long Computations => Interlocked.Read(ref _computations);

    /// <summary>Calls that found their key already being computed and waited for it.</summary>
    public long Joined => Interlocked.Read(ref _joined);

    /// <summary>Keys being computed right now.</summary>
    public int Running => _running.Count;

    /// <summary>
    /// Starts <paramref name="compute"/> for <paramref name="key"/>, or joins the computation of that key already running.
    /// <paramref name="compute"/> gets a service provider of a fresh scope and the app's stopping token; whatever it
    /// stores in a cache is stored before the key stops counting as running, so a later caller finds one or the other.
    /// </summary>
    public Task<T> RunAsync<T>(string key, Func<IServiceProvider, CancellationToken, Task<T>> compute)
    {
        while (true)
        {
            if (_running.TryGetValue(key, out var existing))
            {
                Interlocked.Increment(ref _joined);
                return (Task<T>)existing;
            }
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_running.TryAdd(key, done.Task)) continue;
            Interlocked.Increment(ref _computations);
            // Not the request's execution context: the computation must not see the first caller's HttpContext.
            using (ExecutionContext.SuppressFlow())
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        done.SetResult(await compute(scope.ServiceProvider, lifetime.ApplicationStopping));
                    }
                    catch (Exception e)
                    {
                        if (!lifetime.ApplicationStopping.IsCancellationRequested)
                            log.LogError(e, "Falló el cálculo de {Key}", key);
                        done.SetException(e);
                    }
                    finally
                    {
                        _running.TryRemove(new KeyValuePair<string, Task>(key, done.Task));
                    }
                });
            return done.Task;
        }
    }

    private sealed record Stored<T>(T Value, DateTime ComputedUtc);

    /// <summary>
    /// The figures of <paramref name="key"/> as last computed: at once while younger than <paramref name="freshFor"/>;
    /// older, still at once, while one computation in the background replaces them (the page shows when they were
    /// computed); never computed (or evicted), the caller waits for the shared computation.
    /// </summary>
    public async Task<T> StaleWhileRevalidateAsync<T>(string key, TimeSpan freshFor,
        Func<IServiceProvider, CancellationToken, Task<T>> compute, CancellationToken ct)
    {
        if (cache.TryGetValue(key, out Stored<T>? stored) && stored is not null)
        {
            if (clock.GetUtcNow().UtcDateTime - stored.ComputedUtc >= freshFor)
                _ = Refresh(key, compute).ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted); // logged in RunAsync
            return stored.Value;
        }
        return await Refresh(key, compute).WaitAsync(ct);
    }

    private Task<T> Refresh<T>(string key, Func<IServiceProvider, CancellationToken, Task<T>> compute) =>
        RunAsync(key, async (services, ct) =>
        {
            var started = clock.GetUtcNow().UtcDateTime;
            var value = await compute(services, ct);
            // Kept while asked for; a date nobody asks for again leaves memory after an hour.
            cache.Set(key, new Stored<T>(value, started), new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromHours(1) });
            return value;
        });
}
