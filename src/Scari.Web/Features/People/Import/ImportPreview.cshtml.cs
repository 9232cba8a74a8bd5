using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Data;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.People.Import;

/// <summary>/admin/importar/{id}: every problem of the uploaded file, or what it will do; then confirm.</summary>
[Authorize(Roles = Roles.Administrador + "," + Roles.Coordinador)]
public sealed class ImportPreviewModel(PeopleImport import, UnitAliases aliases, ScariDbContext db) : PageModel
{
    /// <summary>One missing dependencia or colegio as the form sends it back: «Eleccion» is an entry's id, «nueva» or empty.</summary>
    public sealed class UnitChoice
    {
        public CatalogueKind Tipo { get; set; }
        public string Nombre { get; set; } = "";
        public string? Eleccion { get; set; }
        public string? NuevoCodigo { get; set; }
        public string? NuevoNombre { get; set; }
        public string? NuevaLocalidad { get; set; }
    }

    [BindProperty] public List<UnitChoice> Unidades { get; set; } = [];
    public IReadOnlyList<string> UnitErrors { get; private set; } = [];
    /// <summary>Every active entry, for the select of each missing name.</summary>
    public IReadOnlyList<(int Id, string Code, string Name)> DependenciaOptions { get; private set; } = [];
    public IReadOnlyList<(int Id, string Code, string Name)> ColegioOptions { get; private set; } = [];
    /// <summary>Codes already taken, so the proposed code of a new entry is free.</summary>
    public HashSet<string> TakenCodes { get; private set; } = [];
    public bool CanMapUnits => User.IsInRole(Roles.Administrador);

    public ImportBatch Batch { get; private set; } = null!;
    public ImportPlan Plan { get; private set; } = null!;
    public string? Message { get; private set; }
    [BindProperty(Name = "confirmarRenovaciones")] public bool RenewalsConfirmed { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } batch) return NotFound();
        Batch = batch;
        Plan = await import.PreviewAsync(batch, HttpContext.Account().People, ct);
        await LoadUnitOptionsAsync(ct);
        return Page();
    }

    /// <summary>Maps each missing name to an entry or creates it (administrators only), then shows the preview again.</summary>
    public async Task<IActionResult> OnPostUnidadesAsync(int id, CancellationToken ct)
    {
        if (!CanMapUnits) return Forbid();
        if (await FindAsync(id, ct) is not { } batch) return NotFound();
        Batch = batch;
        var plan = await import.PreviewAsync(batch, HttpContext.Account().People, ct);
        var missing = plan.MissingUnits.ToDictionary(m => (m.Kind, m.Key));
        var decisions = new List<UnitDecision>();
        foreach (var u in Unidades)
        {
            if (!missing.TryGetValue((u.Tipo, ImportFile.Simplify(u.Nombre)), out var unit) || string.IsNullOrEmpty(u.Eleccion)) continue;
            if (u.Eleccion == "nueva") decisions.Add(new(unit.Kind, unit.Text, null, true, u.NuevoCodigo, u.NuevoNombre, u.NuevaLocalidad));
            else if (int.TryParse(u.Eleccion, out var unitId)) decisions.Add(new(unit.Kind, unit.Text, unitId, false, null, null, null));
        }
        var errors = decisions.Count == 0
            ? ["Elija, para al menos uno de los nombres, la entrada del catálogo que le corresponde o «Crear…»."]
            : await aliases.SaveAsync(decisions, User.FindFirstValue(ClaimTypes.NameIdentifier), batch.Id, ct);
        if (errors.Count > 0)
        {
            UnitErrors = errors;
            Plan = plan;
            await LoadUnitOptionsAsync(ct);
            return Page();
        }
        TempData["Aviso"] = decisions.Count == 1
            ? "Se guardó la correspondencia: este archivo y los siguientes la usan."
            : $"Se guardaron {decisions.Count} correspondencias: este archivo y los siguientes las usan.";
        return Redirect($"/admin/importar/{batch.Id}");
    }

    private async Task LoadUnitOptionsAsync(CancellationToken ct)
    {
        if (Plan.MissingUnits.Count == 0) return;
        DependenciaOptions = (await db.Dependencias.AsNoTracking().Where(d => d.Active).OrderBy(d => d.Name).Select(d => new { d.Id, d.Code, d.Name }).ToListAsync(ct))
            .Select(d => (d.Id, d.Code, d.Name)).ToList();
        ColegioOptions = (await db.Colegios.AsNoTracking().Where(c => c.Active).OrderBy(c => c.Name).Select(c => new { c.Id, c.Code, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Code, c.Name)).ToList();
        TakenCodes = [.. await db.Dependencias.Select(d => d.Code).ToListAsync(ct), .. await db.Colegios.Select(c => c.Code).ToListAsync(ct)];
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
            await LoadUnitOptionsAsync(ct);
            return Page();
        }
        var p = outcome.Plan;
        TempData["Aviso"] = $"Importación terminada: {p.Created} personas nuevas, {p.Updated} actualizadas, {p.Unchanged} sin cambios, {p.Enrolled} inscripciones.";
        return Redirect("/admin/importar");
    }

    private Task<ImportBatch?> FindAsync(int id, CancellationToken ct) =>
        import.FindPendingAsync(id, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", User.IsInRole(Roles.Administrador), ct);
}
