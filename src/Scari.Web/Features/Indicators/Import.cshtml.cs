using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Indicators;

/// <summary>Attendance list import: upload → preview with every row's problems → confirm. A tutor imports only into their own sessions.</summary>
[Authorize(Roles = $"{Roles.Administrador},{Roles.Tutor}")]
[RequestSizeLimit(3 * 1024 * 1024)]
public sealed class ImportModel(AttendanceImport import, IndicatorDefinitions definitions) : PageModel
{
    [BindProperty] public IFormFile? Archivo { get; set; }
    /// <summary>The previewed file, carried to the confirm step (base64) so nothing is stored between the two requests.</summary>
    [BindProperty] public string? Contenido { get; set; }
    [BindProperty] public string? Indicador { get; set; }
    [BindProperty] public string? Tutor { get; set; }

    public IReadOnlyList<IndicatorDefinition> Indicators => definitions.All;
    public ImportPreview? Preview { get; private set; }
    public string? Error { get; private set; }
    /// <summary>True for a tutor (not an administrator): rows on sessions someone else recorded are refused, and the page says so.</summary>
    public bool OwnSessionsOnly { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (HttpContext.Account() is not { IsSignedIn: true } account) return Forbid();
        OwnSessionsOnly = !account.IsAdministrator;
        Tutor = User.FindFirstValue(ClaimTypes.Name);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (HttpContext.Account() is not { IsSignedIn: true } account) return Forbid();
        OwnSessionsOnly = !account.IsAdministrator;
        if (Archivo is null || Archivo.Length == 0) { Error = "Elija el archivo CSV de la lista de asistencia."; return Page(); }
        if (Archivo.Length > AttendanceImport.MaxBytes) { Error = "El archivo pesa más de 2 MB: divídalo en varias listas."; return Page(); }
        using var buffer = new MemoryStream();
        await Archivo.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        Preview = await import.PreviewAsync(bytes, account, ct);
        Tutor ??= User.FindFirstValue(ClaimTypes.Name);
        Contenido = Preview.Problems.Count == 0 ? Convert.ToBase64String(bytes) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        if (HttpContext.Account() is not { IsSignedIn: true } account) return Forbid();
        OwnSessionsOnly = !account.IsAdministrator;
        byte[] bytes;
        try { bytes = Convert.FromBase64String(Contenido ?? ""); }
        catch (FormatException) { Error = "No se recibió la lista revisada: vuelva a cargar el archivo."; return Page(); }
        if (bytes.Length == 0) { Error = "No se recibió la lista revisada: vuelva a cargar el archivo."; return Page(); }
        if (Indicador is { Length: > 0 } && definitions.Find(Indicador) is null) Indicador = null;
        var tutor = string.IsNullOrWhiteSpace(Tutor) ? User.FindFirstValue(ClaimTypes.Name) ?? "" : Tutor.Trim();
        var outcome = await import.ImportAsync(bytes, Indicador, tutor.Length > 200 ? tutor[..200] : tutor, account, ct);
        if (!outcome.Imported)
        {
            Preview = outcome.Preview;
            Contenido = null;
            return Page();
        }
        TempData["Aviso"] = outcome.AttendanceCreated + outcome.CompletionsCreated == 0
            ? $"La lista ya estaba importada: no cambió nada ({outcome.Preview.Rows.Count} filas)."
            : $"Lista importada: {outcome.SessionsCreated} sesión(es) nueva(s), {outcome.AttendanceCreated} asistencia(s) y {outcome.CompletionsCreated} finalización(es) registradas.";
        return Redirect("/admin/formacion-presencial");
    }
}
