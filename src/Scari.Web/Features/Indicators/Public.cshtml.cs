using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Content;

namespace Scari.Web.Features.Indicators;

/// <summary>The public progress page: totals and percentages only, never names. Cached for a few minutes.</summary>
[AllowAnonymous]
public sealed class PublicModel(PublicIndicators totals, CutoffPublishing publishing, TimeProvider clock) : PageModel
{
    public static TimeSpan CacheFor => PublicIndicators.CacheFor;

    [BindProperty(SupportsGet = true, Name = "corte")] public string? Corte { get; set; }

    /// <summary>The date shown: <c>?corte=</c> when valid, else today (Bogotá).</summary>
    public DateOnly Today { get; private set; }
    public bool IsToday { get; private set; }
    public DateOnly Max { get; private set; }
    public string? DateError { get; private set; }
    public IReadOnlyList<PublicIndicator> Indicators { get; private set; } = [];
    /// <summary>Per indicator: the latest publication with a cut-off on or before the date shown.</summary>
    public Dictionary<string, PublicationSummary> Published { get; } = [];
    /// <summary>Per indicator, for a month end only: the live per-course rows and breakdowns under the disclosure rule.</summary>
    public Dictionary<string, PublicReport> MonthEnd { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = Bogota.Today(clock);
        Today = Max = today;
        if (!string.IsNullOrEmpty(Corte))
        {
            if (IndicatorLinks.ParseDate(Corte) is { } d && d <= today) Today = d;
            else DateError = "La fecha de corte no es válida o es posterior a hoy: escríbala como 2026-03-31. Se muestran las cifras de hoy.";
        }
        IsToday = Today == today;
        Indicators = await totals.AtAsync(Today, ct);
        var publications = await publishing.ListAsync(ct);
        foreach (var i in Indicators)
        {
            if (publications.FirstOrDefault(p => p.IndicatorId == i.Indicator.Id && p.Cutoff <= Today && p.SupersededById is null) is { } pub)
                Published[i.Indicator.Id] = pub;
            if (await publishing.LiveMonthEndAsync(i.Indicator, Today, ct) is { } report)
                MonthEnd[i.Indicator.Id] = report;
        }
        // Shared caches may keep the anonymous page only: a signed-in visitor's page carries their name.
        Response.Headers.CacheControl = User.Identity?.IsAuthenticated == true
            ? "private, no-cache"
            : totals.PublicCacheControl(Indicators);
    }
}

/// <summary>
/// The public totals per indicator at a cut-off date (the page and the JSON API): distinct people, no names. Computed
/// once for everyone (<see cref="FigureFlights"/>): fresh for <see cref="CacheFor"/>; after that the previous totals are
/// served, with the time they were computed, while one computation in the background replaces them.
/// </summary>
public sealed class PublicIndicators(IndicatorDefinitions definitions, FigureFlights flights, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Caches may keep an answer built from <paramref name="list"/> while the server's own copy is fresh, not a whole
    /// period after: max-age counts down from when the totals were computed (0 for totals being recomputed).
    /// </summary>
    public string PublicCacheControl(IReadOnlyList<PublicIndicator> list)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var computedUtc = list.Count == 0 ? now : list.Min(i => i.ComputedUtc);
        var left = CacheFor - (now - computedUtc);
        return $"public, max-age={Math.Clamp((int)left.TotalSeconds, 0, (int)CacheFor.TotalSeconds)}";
    }

    public Task<IReadOnlyList<PublicIndicator>> AtAsync(DateOnly cutoff, CancellationToken ct) =>
        flights.StaleWhileRevalidateAsync($"indicadores-publicos:{IndicatorLinks.Date(cutoff)}", CacheFor, async (services, stopping) =>
        {
            var counter = services.GetRequiredService<IndicatorCounter>();
            var list = new List<PublicIndicator>();
            foreach (var i in definitions.All)
                list.Add(new PublicIndicator(i, await counter.CountAsync(i, cutoff, IndicatorScope.All, stopping), clock.GetUtcNow().UtcDateTime));
            return (IReadOnlyList<PublicIndicator>)list;
        }, ct);
}

public sealed record PublicIndicator(IndicatorDefinition Indicator, int People, DateTime ComputedUtc)
{
    public double Percent => Indicator.Target == 0 ? 0 : 100.0 * People / Indicator.Target;
}
