using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Content;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Indicators;

namespace Scari.Web.Features.InPerson;

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
    /// <summary>The rows whose name differs from the registered person's were seen and accepted.</summary>
    [BindProperty] public bool AceptarAvisos { get; set; }
    /// <summary>The previewed file's name, carried with it: the audit names the file (and its SHA-256) that registered people and sessions.</summary>
    [BindProperty] public string? NombreArchivo { get; set; }

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
        NombreArchivo = Path.GetFileName(Archivo.FileName) is { Length: > 0 and <= 260 } name ? name : null;
        return Page();
    }

    /// <summary>The people of the previewed list that nobody registered, as a file for the people import.</summary>
    public async Task<IActionResult> OnPostPersonasAsync(CancellationToken ct)
    {
        if (HttpContext.Account() is not { IsSignedIn: true } account) return Forbid();
        OwnSessionsOnly = !account.IsAdministrator;
        if (Decode() is not { } bytes) { Error = "No se recibió la lista revisada: vuelva a cargar el archivo."; return Page(); }
        var preview = await import.PreviewAsync(bytes, account, ct);
        if (preview.Unknown.Count == 0) { Error = "Todas las personas de la lista están registradas: no hay nada que descargar."; return Page(); }
        return File(AttendanceImport.UnknownPeopleCsv(preview.Unknown), "text/csv; charset=utf-8", "personas-por-registrar.csv");
    }

    private byte[]? Decode()
    {
        try { return Convert.FromBase64String(Contenido ?? "") is { Length: > 0 } b && b.Length <= AttendanceImport.MaxBytes ? b : null; }
        catch (FormatException) { return null; }
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        if (HttpContext.Account() is not { IsSignedIn: true } account) return Forbid();
        OwnSessionsOnly = !account.IsAdministrator;
        if (Decode() is not { } bytes) { Error = "No se recibió la lista revisada: vuelva a cargar el archivo."; return Page(); }
        if (Indicador is { Length: > 0 } && definitions.Find(Indicador) is null) Indicador = null;
        var tutor = string.IsNullOrWhiteSpace(Tutor) ? User.FindFirstValue(ClaimTypes.Name) ?? "" : Tutor.Trim();
        var outcome = await import.ImportAsync(bytes, Indicador, tutor.Length > 200 ? tutor[..200] : tutor, account, ct, AceptarAvisos, NombreArchivo is { Length: <= 260 } ? NombreArchivo : null);
        if (!outcome.Imported)
        {
            Preview = outcome.Preview;
            Error = outcome.Message;
            Contenido = outcome.Preview.Problems.Count == 0 ? Contenido : null;
            return Page();
        }
        TempData["Aviso"] = outcome.AttendanceCreated + outcome.CompletionsCreated == 0
            ? $"La lista ya estaba importada: no cambió nada ({outcome.Preview.Rows.Count} filas)."
            : $"Lista importada: {outcome.SessionsCreated} sesión(es) nueva(s), {outcome.AttendanceCreated} asistencia(s) y {outcome.CompletionsCreated} finalización(es) registradas"
              + (outcome.PeopleCreated > 0 ? $", y {outcome.PeopleCreated} persona(s) nuevas." : ".");
        return Redirect("/admin/formacion-presencial");
    }
}
