using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Indicators;

namespace Scari.Web.Features.InPerson;

/// <summary>/admin/importar/historial: load past completions from CSV or Excel (upload → preview → confirm), and the history of those imports.</summary>
[Authorize(Roles = Roles.Administrador)]
[RequestSizeLimit(HistoryImport.MaxBytes + 65_536)]
[RequestFormLimits(MultipartBodyLengthLimit = HistoryImport.MaxBytes + 65_536)]
public sealed class HistoryImportPageModel(HistoryImport import, ScariDbContext db) : PageModel
{
    [BindProperty] public IFormFile? Archivo { get; set; }
    [BindProperty] public int? Lote { get; set; }

    public HistoryPlan? Plan { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<CompletionImport> History { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadHistoryAsync(ct);

    public async Task<IActionResult> OnPostRevisarAsync(CancellationToken ct)
    {
        if (Archivo is null || Archivo.Length == 0) Error = "Elija el archivo CSV o Excel (.xlsx) con el historial.";
        else if (Archivo.Length > HistoryImport.MaxBytes) Error = $"El archivo pesa más de {HistoryImport.MaxBytes / 1024 / 1024} MB: divídalo en varios archivos.";
        else if (!new[] { ".csv", ".txt", ".xlsx" }.Any(e => Archivo.FileName.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            Error = "El archivo debe ser CSV o un libro de Excel (.xlsx). Un .xls antiguo: en Excel use Archivo › Guardar como › «Libro de Excel (.xlsx)».";
        if (Error is not null) { await LoadHistoryAsync(ct); return Page(); }
        using var buffer = new MemoryStream();
        await Archivo!.CopyToAsync(buffer, ct);
        var batch = await import.UploadAsync(Archivo.FileName, buffer.ToArray(), User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", User.Identity?.Name ?? "", ct);
        Plan = await import.PlanAsync(batch.Content!, ct);
        Lote = batch.Id;
        await LoadHistoryAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmarAsync(CancellationToken ct)
    {
        if (Lote is not { } id || await import.FindPendingAsync(id, ct) is not { } batch)
        {
            Error = "Ese archivo ya se importó o venció su revisión: vuelva a cargarlo.";
            await LoadHistoryAsync(ct);
            return Page();
        }
        Plan = await import.ConfirmAsync(batch, ct);
        if (!Plan.CanImport) { await LoadHistoryAsync(ct); return Page(); }
        TempData["Aviso"] = $"Historial importado: {Plan.New} registro(s) nuevo(s)" + (Plan.Unchanged > 0 ? $"; {Plan.Unchanged} ya estaban registrados y no cambiaron." : ".");
        return Redirect("/admin/importar/historial");
    }

    /// <summary>An empty file with the column titles and one example row, ready for Excel.</summary>
    public IActionResult OnGetPlantilla()
    {
        var text = string.Join(';', HistoryImport.Columns) + "\r\n" + "CC;1023456789;seguridad-digital;;2025-03-14;online;20;OTRA-2025-0012;Plataforma anterior\r\n";
        return File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)], "text/csv; charset=utf-8", "plantilla-historial.csv");
    }

    private async Task LoadHistoryAsync(CancellationToken ct) =>
        History = await db.Set<CompletionImport>().AsNoTracking().Where(b => b.Imported)
            .OrderByDescending(b => b.ImportedUtc).ThenByDescending(b => b.Id).Take(50).ToListAsync(ct);
}
