using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;
using Scari.Web.Content;

namespace Scari.Web.Features.Indicators;

/// <summary>The public progress page: totals and percentages only, never names. Cached for a few minutes.</summary>
[AllowAnonymous]
public sealed class PublicModel(IndicatorCounter counter, IndicatorDefinitions definitions, IMemoryCache cache, TimeProvider clock) : PageModel
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    public DateOnly Today { get; private set; }
    public IReadOnlyList<PublicIndicator> Indicators { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = Bogota.Today(clock);
        Indicators = (await cache.GetOrCreateAsync($"indicadores-publicos:{IndicatorLinks.Date(Today)}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            var list = new List<PublicIndicator>();
            foreach (var i in definitions.All)
                list.Add(new PublicIndicator(i, await counter.CountAsync(i, Today, IndicatorScope.All, ct), clock.GetUtcNow().UtcDateTime));
            return list;
        }))!;
        // Shared caches may keep the anonymous page only: a signed-in visitor's page carries their name.
        Response.Headers.CacheControl = User.Identity?.IsAuthenticated == true
            ? "private, no-cache"
            : $"public, max-age={(int)CacheFor.TotalSeconds}";
    }
}

public sealed record PublicIndicator(IndicatorDefinition Indicator, int People, DateTime ComputedUtc)
{
    public double Percent => Indicator.Target == 0 ? 0 : 100.0 * People / Indicator.Target;
}
