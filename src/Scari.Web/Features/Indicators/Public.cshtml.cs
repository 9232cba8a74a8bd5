using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;
using Scari.Web.Content;

namespace Scari.Web.Features.Indicators;

/// <summary>The public progress page: totals and percentages only, never names. Cached for a few minutes.</summary>
[AllowAnonymous]
public sealed class PublicModel(PublicIndicators totals, TimeProvider clock) : PageModel
{
    public static TimeSpan CacheFor => PublicIndicators.CacheFor;

    public DateOnly Today { get; private set; }
    public IReadOnlyList<PublicIndicator> Indicators { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = Bogota.Today(clock);
        Indicators = await totals.AtAsync(Today, ct);
        // Shared caches may keep the anonymous page only: a signed-in visitor's page carries their name.
        Response.Headers.CacheControl = User.Identity?.IsAuthenticated == true
            ? "private, no-cache"
            : $"public, max-age={(int)CacheFor.TotalSeconds}";
    }
}

/// <summary>The public totals per indicator at a cut-off date (the page and the JSON API): distinct people, no names. Cached a few minutes per date.</summary>
public sealed class PublicIndicators(IndicatorCounter counter, IndicatorDefinitions definitions, IMemoryCache cache, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    public async Task<IReadOnlyList<PublicIndicator>> AtAsync(DateOnly cutoff, CancellationToken ct) =>
        (await cache.GetOrCreateAsync($"indicadores-publicos:{IndicatorLinks.Date(cutoff)}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            var list = new List<PublicIndicator>();
            foreach (var i in definitions.All)
                list.Add(new PublicIndicator(i, await counter.CountAsync(i, cutoff, IndicatorScope.All, ct), clock.GetUtcNow().UtcDateTime));
            return (IReadOnlyList<PublicIndicator>)list;
        }))!;
}

public sealed record PublicIndicator(IndicatorDefinition Indicator, int People, DateTime ComputedUtc)
{
    public double Percent => Indicator.Target == 0 ? 0 : 100.0 * People / Indicator.Target;
}
