using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Indicators;

/// <summary>Population figures: upload → preview with every row's problems → confirm; below, every file imported so far.</summary>
[Authorize(Roles = Roles.Administrador)]
[RequestSizeLimit(3 * 1024 * 1024)]
public sealed class PopulationPageModel(PopulationImport import, ScariDbContext db) : PageModel
{
    [BindProperty] public IFormFile? Archivo { get; set; }
    /// <summary>The previewed file, carried to the confirm step (base64) so nothing is stored between the two requests.</summary>
    [BindProperty] public string? Contenido { get; set; }
    [BindProperty] public string? NombreArchivo { get; set; }
    [BindProperty] public string? Fecha { get; set; }
    [BindProperty] public string? Fuente { get; set; }

    public PopulationImport.Preview? Preview { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<BatchSummary> Batches { get; private set; } = [];

    public sealed record BatchSummary(int Id, PopulationKind Kind, DateOnly AsOf, string Source, string FileName, DateTime ImportedUtc, string ImportedBy, int Units, int People);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Archivo is null || Archivo.Length == 0) { Error = "Elija el archivo CSV de población."; return Page(); }
        if (Archivo.Length > PopulationImport.MaxBytes) { Error = "El archivo pesa más de 2 MB: divídalo en varios."; return Page(); }
        using var buffer = new MemoryStream();
        await Archivo.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        Preview = await import.PreviewAsync(bytes, Fecha, Fuente, ct);
        NombreArchivo = Path.GetFileName(Archivo.FileName);
        Contenido = Preview.Problems.Count == 0 ? Convert.ToBase64String(bytes) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        byte[] bytes;
        try { bytes = Convert.FromBase64String(Contenido ?? ""); }
        catch (FormatException) { bytes = []; }
        if (bytes.Length == 0) { await LoadAsync(ct); Error = "No se recibió el archivo revisado: vuelva a cargarlo."; return Page(); }
        var outcome = await import.ImportAsync(bytes, NombreArchivo ?? "poblacion.csv", Fecha, Fuente, User.FindFirstValue(ClaimTypes.Name) ?? "", ct);
        if (!outcome.Imported)
        {
            await LoadAsync(ct);
            Preview = outcome.Preview;
            Contenido = null;
            return Page();
        }
        var p = outcome.Preview;
        TempData["Aviso"] = outcome.AlreadyImported
            ? $"Ese archivo ya estaba importado con la misma fecha y fuente: no cambió nada."
            : $"Población importada: {p.Rows.Count} fila(s), {p.Total.ToString("N0", Bogota.Culture)} personas al {Bogota.FormatDate(p.AsOf!.Value)} ({p.Source}).";
        return Redirect("/admin/poblacion");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var batches = await db.Set<PopulationBatch>().AsNoTracking()
            .OrderByDescending(b => b.AsOf).ThenByDescending(b => b.Id)
            .Select(b => new { b.Id, b.Kind, b.AsOf, b.Source, b.FileName, b.ImportedUtc, b.ImportedBy,
                Units = b.Figures.Select(f => f.DependenciaId ?? f.ColegioId).Distinct().Count(), People = b.Figures.Sum(f => f.People) })
            .ToListAsync(ct);
        Batches = [.. batches.Select(b => new BatchSummary(b.Id, b.Kind, b.AsOf, b.Source, b.FileName, b.ImportedUtc, b.ImportedBy, b.Units, b.People))];
    }
}
