using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.Indicators;

/// <summary>Every published cut-off, newest first, with its hash and the link between a publication and the one it replaces.</summary>
[AllowAnonymous]
public sealed class CutoffListModel(CutoffPublishing publishing, IndicatorDefinitions definitions) : PageModel
{
    public IReadOnlyList<PublicationSummary> Publications { get; private set; } = [];

    public string Name(string indicatorId) => definitions.Find(indicatorId)?.Name ?? indicatorId;

    public async Task OnGetAsync(CancellationToken ct) => Publications = await publishing.ListAsync(ct);
}
