using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Shared;

namespace Scari.Web.Features.People.Import;

/// <summary>/admin/importar: upload a CSV of people (then preview and confirm), and the import history.</summary>
[Authorize(Roles = Roles.Administrador + "," + Roles.Coordinador)]
[RequestSizeLimit(PeopleImport.MaxBytes + 65_536)]
[RequestFormLimits(MultipartBodyLengthLimit = PeopleImport.MaxBytes + 65_536)]
public sealed class ImportModel(ScariDbContext db, PeopleImport import, UnitAliases aliases) : PageModel
{
    /// <summary>The names remembered from earlier previews (administrators only: they decide the catalogue).</summary>
    public List<UnitAliases.Remembered> Remembered { get; private set; } = [];
    [BindProperty] public IFormFile? Archivo { get; set; }
    [BindProperty(SupportsGet = true, Name = "pagina")] public int PageNumber { get; set; } = 1;

    public sealed record HistoryRow(int Id, DateTime UploadedUtc, DateTime? ImportedUtc, string UserName, string FileName, string Sha256,
        int Rows, int Created, int Updated, int Unchanged, int Enrolled, ImportStatus Status);
    public Paged<HistoryRow> History { get; private set; } = new([], 0, 1, Paging.PageSize);

    public async Task OnGetAsync(CancellationToken ct) => await LoadHistoryAsync(ct);

    /// <summary>Forgets one remembered name (POST with antiforgery; administrators only; audited).</summary>
    public async Task<IActionResult> OnPostQuitarNombreAsync(int id, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Administrador)) return Forbid();
        TempData["Aviso"] = await aliases.RemoveAsync(id, ct)
            ? "Nombre olvidado: los próximos archivos que lo usen lo mostrarán como dependencia o colegio por elegir. Las personas ya importadas no cambian."
            : "Ese nombre ya no estaba recordado.";
        return Redirect("/admin/importar#nombres-recordados");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Archivo is null || Archivo.Length == 0)
            ModelState.AddModelError(nameof(Archivo), "Elija el archivo CSV o Excel (.xlsx) que quiere importar.");
        else if (Archivo.Length > PeopleImport.MaxBytes)
            ModelState.AddModelError(nameof(Archivo), $"El archivo pesa más de {PeopleImport.MaxBytes / 1024 / 1024} MB: divídalo en varios archivos.");
        else if (!new[] { ".csv", ".txt", ".xlsx" }.Any(e => Archivo.FileName.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            ModelState.AddModelError(nameof(Archivo), "El archivo debe ser CSV o un libro de Excel (.xlsx). Un .xls antiguo: en Excel use Archivo › Guardar como › «Libro de Excel (.xlsx)».");
        if (!ModelState.IsValid)
        {
            await LoadHistoryAsync(ct);
            return Page();
        }
        using var buffer = new MemoryStream();
        await Archivo!.CopyToAsync(buffer, ct);
        var id = await import.UploadAsync(Archivo.FileName, buffer.ToArray(),
            User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", User.Identity?.Name ?? "", ct);
        return Redirect($"/admin/importar/{id}");
    }

    /// <summary>An empty file with the column titles, ready for Excel.</summary>
    public IActionResult OnGetPlantilla()
    {
        var header = string.Join(';', ImportFile.KnownColumns) + "\r\n" +
            "CC;1023456789;Ana María;Pérez Gómez;ana.perez@alcaldia.gov.co;servidor;SHAC;planta;Profesional universitario;;;;;;;;;;\r\n";
        return File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(header)], "text/csv; charset=utf-8", "plantilla-importacion-personas.csv");
    }

    private async Task LoadHistoryAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var admin = User.IsInRole(Roles.Administrador);
        if (admin) Remembered = await aliases.ListAsync(ct);
        History = await db.ImportBatches.AsNoTracking()
            .Where(b => admin || b.UserId == userId)
            .OrderByDescending(b => b.UploadedUtc).ThenByDescending(b => b.Id)
            .ToPageAsync(PageNumber, b => new HistoryRow(b.Id, b.UploadedUtc, b.ImportedUtc, b.UserName, b.FileName, b.FileSha256,
                b.Rows, b.Created, b.Updated, b.Unchanged, b.Enrolled, b.Status), ct);
    }

    public string PageUrl(int page) => Paging.WithParameter("/admin/importar", [], "pagina", page);
}
