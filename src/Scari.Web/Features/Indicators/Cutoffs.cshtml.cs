using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.Indicators;

/// <summary>Publishing a cut-off: choose indicator and date, preview the figures exactly as they would be published, publish.</summary>
[Authorize(Roles = Roles.Administrador)]
public sealed class CutoffsModel(CutoffPublishing publishing, IndicatorDefinitions definitions, ScariDbContext db, AuditLog audit, TimeProvider clock, CutoffEvidence evidence) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "indicador")] public string? IndicatorId { get; set; }
    [BindProperty(SupportsGet = true, Name = "corte")] public string? Corte { get; set; }

    public IReadOnlyList<IndicatorDefinition> Indicators => definitions.All;
    public IReadOnlyList<PublicationSummary> Publications { get; private set; } = [];
    public PublicReport? Preview { get; private set; }
    public int PreviewCompletions { get; private set; }
    public PublicationSummary? Supersedes { get; private set; }
    public DateOnly Today { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = Bogota.Today(clock);
        Publications = await publishing.ListAsync(ct);
        if (IndicatorId is null && Corte is null) return;
        if (definitions.Find(IndicatorId) is not { } ind) { Error = "Elija un indicador de la lista."; return; }
        if (IndicatorLinks.ParseDate(Corte) is not { } cutoff) { Error = "La fecha de corte no es válida: elíjala en el calendario o escríbala como 2026-03-31."; return; }
        if (cutoff > Today) { Error = "La fecha de corte no puede ser posterior a hoy."; return; }
        var (report, completions, supersedes) = await publishing.PreviewAsync(ind, cutoff, ct);
        Preview = report;
        PreviewCompletions = completions;
        Supersedes = supersedes is null ? null : Publications.FirstOrDefault(p => p.Id == supersedes.Id);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (IndicatorLinks.ParseDate(Corte) is not { } cutoff)
        {
            Error = "La fecha de corte no es válida: elíjala en el calendario o escríbala como 2026-03-31.";
            Today = Bogota.Today(clock);
            Publications = await publishing.ListAsync(ct);
            return Page();
        }
        var result = await publishing.PublishAsync(IndicatorId ?? "", cutoff, User.FindFirstValue(ClaimTypes.NameIdentifier), User.Identity?.Name ?? "", ct);
        if (result.Publication is null)
        {
            await OnGetAsync(ct);
            Preview = null;
            Error = result.Error;
            return Page();
        }
        TempData["Aviso"] = $"Corte publicado. Su huella SHA-256 es {result.Publication.Sha256}.";
        return Redirect($"/indicadores/cortes/{result.Publication.Id}");
    }

    /// <summary>The admin-only file with the completion and person ids behind the numbers; audited.</summary>
    public async Task<IActionResult> OnGetPersonasAsync(int id, CancellationToken ct)
    {
        var p = await db.CutoffPublications.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.IndicatorId, x.Cutoff, x.PeopleFileGzip }).FirstOrDefaultAsync(ct);
        if (p is null) return NotFound();
        audit.Record("cutoff.people-file-downloaded", "CutoffPublication", id, $"{p.IndicatorId} al {p.Cutoff:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return File(CutoffFiles.Gunzip(p.PeopleFileGzip), "text/plain; charset=utf-8", $"corte-{p.IndicatorId}-{p.Cutoff:yyyy-MM-dd}-{id}-personas.txt");
    }

    /// <summary>The evidence pack (ZIP): canonical files, people and completions, hours by vínculo and a one-page summary; audited.</summary>
    public async Task<IActionResult> OnGetEvidenciaAsync(int id, CancellationToken ct)
    {
        if (await evidence.BuildAsync(id, clock.GetUtcNow().UtcDateTime, ct) is not { } pack) return NotFound();
        audit.Record("cutoff.evidence-downloaded", "CutoffPublication", id, $"{pack.IndicatorId} al {pack.Cutoff:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        Response.Headers.CacheControl = "no-store";
        return File(pack.Zip, "application/zip", pack.FileName);
    }
}
