using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.Indicators;

namespace Scari.Web.Features.OpenData;

/// <summary>The open-data catalogue: every data set with its files, the dictionary, the licence and the disclosure rule.</summary>
[AllowAnonymous]
public sealed class IndexModel(OpenDataSets sets, IndicatorDefinitions definitions) : PageModel
{
    public IReadOnlyList<OpenDataEntry> Sets { get; private set; } = [];
    public IReadOnlyList<OpenTable> Tables => OpenData.Tables;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Sets = await sets.ListAsync(ct);
        Response.Headers.CacheControl = User.Identity?.IsAuthenticated == true ? "private, no-cache" : $"public, max-age={(int)PublicIndicators.CacheFor.TotalSeconds}";
    }

    /// <summary>The tables a data set has: a publication those of its audience, a month end all of them.</summary>
    public IEnumerable<OpenTable> TablesOf(OpenDataEntry e) =>
        e.IndicatorId is { } id && definitions.Find(id) is { } ind ? Tables.Where(t => t.OnlyFor is null || t.OnlyFor == ind.Audience) : Tables;
}
