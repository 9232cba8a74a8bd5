using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.Indicators;

/// <summary>One published cut-off, public: totals, per-course rows and breakdowns under the disclosure rule; never names or documents.</summary>
[AllowAnonymous]
public sealed class CutoffModel(CutoffPublishing publishing) : PageModel
{
    public CutoffPublication Publication { get; private set; } = null!;
    public PublicReport Report { get; private set; } = null!;
    public CutoffFiles.ParsedPublic Parsed { get; private set; } = null!;
    public PublicationSummary? Summary { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await publishing.FindAsync(id, ct) is not { } found) return NotFound();
        (Publication, Parsed) = found;
        Report = Parsed.Report;
        Summary = (await publishing.ListAsync(ct)).FirstOrDefault(p => p.Id == id);
        return Page();
    }

    /// <summary>The canonical public file, byte for byte what the hash covers.</summary>
    public async Task<IActionResult> OnGetArchivoAsync(int id, CancellationToken ct)
    {
        if (await publishing.FindAsync(id, ct) is not { } found) return NotFound();
        var p = found.Publication;
        Response.Headers.CacheControl = "public, max-age=86400, immutable";
        return File(new UTF8Encoding(false).GetBytes(p.PublicFile), "text/plain; charset=utf-8", $"corte-{p.IndicatorId}-{p.Cutoff:yyyy-MM-dd}-{p.Id}.txt");
    }
}
