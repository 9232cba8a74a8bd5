using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Accounts;

/// <summary>Sign-in slips for all students of a colegio (and optionally a grade): one PDF.</summary>
[Authorize(Roles = "Administrador,Coordinador")]
public sealed class GroupCodesModel(ScariDbContext db, SignInSlips slips) : PageModel
{
    [BindProperty] public int? ColegioId { get; set; }
    [BindProperty] public string? Grade { get; set; }
    public IReadOnlyList<(int Id, string Name)> Colegios { get; private set; } = [];
    public PeopleScope Scope { get; private set; } = PeopleScope.Nobody;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // Slips are for students: a dependencia's coordinator has no group to print them for.
        if (!HttpContext.Account().WorksWith(Audience.Student)) return NotFound();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!HttpContext.Account().WorksWith(Audience.Student)) return NotFound();
        await LoadAsync(ct);
        ModelState.Clear();
        if (!Scope.Everyone) ColegioId = Scope.ColegioId;
        if (ColegioId is null) { ModelState.AddModelError(nameof(ColegioId), "Elija el colegio."); return Page(); }
        var grade = string.IsNullOrEmpty(Grade) ? null : PersonRules.NormalizeGrade(Grade);
        var ids = await db.People.VisibleTo(Scope)
            .Where(p => p.Audience == Audience.Student && p.AnonymizedUtc == null && p.ColegioId == ColegioId && (grade == null || p.Grade == grade))
            .Select(p => p.Id).ToListAsync(ct);
        var actor = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var result = ids.Count == 0 ? null : await slips.IssueAsync(Scope, ids, HttpContext.Links().BaseUrl, actor, ct);
        if (result is not { } r)
        {
            ModelState.AddModelError("", "No hay estudiantes en ese colegio y grado a quienes se les pueda generar un código.");
            return Page();
        }
        return File(r.Pdf, "application/pdf", $"codigos-ingreso-{r.Count}-estudiantes.pdf");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Scope = HttpContext.Account().People;
        int? only = Scope.Everyone ? null : Scope.ColegioId ?? -1;
        Colegios = (await db.Colegios.AsNoTracking().Where(c => only == null || c.Id == only).OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name)).ToList();
    }
}
