using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.People.Import;

/// <summary>/admin/importar/{id}: every problem of the uploaded file, or what it will do; then confirm.</summary>
[Authorize(Roles = Roles.Administrador + "," + Roles.Coordinador)]
public sealed class ImportPreviewModel(PeopleImport import) : PageModel
{
    public ImportBatch Batch { get; private set; } = null!;
    public ImportPlan Plan { get; private set; } = null!;
    public string? Message { get; private set; }
    [BindProperty(Name = "confirmarRenovaciones")] public bool RenewalsConfirmed { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } batch) return NotFound();
        Batch = batch;
        Plan = await import.PreviewAsync(batch, HttpContext.Account().People, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } batch) return NotFound();
        Batch = batch;
        var outcome = await import.ConfirmAsync(batch, HttpContext.Account().People, User.FindFirstValue(ClaimTypes.NameIdentifier), ct, RenewalsConfirmed);
        if (!outcome.Imported)
        {
            Plan = outcome.Plan;
            Message = outcome.Message;
            return Page();
        }
        var p = outcome.Plan;
        TempData["Aviso"] = $"Importación terminada: {p.Created} personas nuevas, {p.Updated} actualizadas, {p.Unchanged} sin cambios, {p.Enrolled} inscripciones.";
        return Redirect("/admin/importar");
    }

    private Task<ImportBatch?> FindAsync(int id, CancellationToken ct) =>
        import.FindPendingAsync(id, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", User.IsInRole(Roles.Administrador), ct);
}
