using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.InPerson;

/// <summary>
/// /admin/finalizaciones/{id}: one completion record, where it came from and whether it counts; an administrator voids
/// an in-person or imported record here (reason required) or undoes a void. Linked from the person's page and the session page.
/// </summary>
[Authorize(Roles = Roles.Administrador)]
public sealed class CompletionRecordModel(CompletionVoiding voiding, Certificates.CertificateIssuer issuer) : PageModel
{
    [FromRoute] public int Id { get; set; }
    [BindProperty] public string? Motivo { get; set; }
    public CompletionRecordView Record { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAnularAsync(CancellationToken ct) =>
        await RunAsync(() => voiding.VoidAsync(Id, Motivo, ct), "Registro anulado: ya no cuenta en ninguna cifra viva. Los cortes publicados antes lo conservan y su deriva lo muestra.", ct);

    public async Task<IActionResult> OnPostRestablecerAsync(CancellationToken ct) =>
        await RunAsync(() => voiding.RestoreAsync(Id, Motivo, ct), "Anulación deshecha: el registro vuelve a contar.", ct);

    /// <summary>
    /// An administrator asks for a SCARI certificate of an in-person or imported record (none is issued unless asked):
    /// it carries the record's own date and year and says where the training was given. Audited with the certificate.
    /// </summary>
    public async Task<IActionResult> OnPostCertificadoAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Error = Record switch
        {
            { Voided: true } => "Un registro anulado no recibe certificado: deshaga la anulación primero si fue un error.",
            { CanVoid: false } => "Una finalización en línea recibe su certificado al terminar el curso: búsquelo en «Certificados».",
            { LiveCertificate: { } code } => $"El registro ya tiene el certificado {code} vigente.",
            _ => null,
        };
        if (Error is null && await issuer.IssueAsync(Id, ct) is { } certificate)
        {
            TempData["Aviso"] = $"Certificado {certificate.Code} emitido con la fecha del registro ({Bogota.FormatDate(certificate.CompletedOn)}).";
            return Redirect($"/admin/finalizaciones/{Id}");
        }
        Error ??= "Este registro tuvo un certificado que fue revocado: para emitir otro, use «Reemitir tras revisión» en «Certificados».";
        await LoadAsync(ct);
        return Page();
    }

    private async Task<IActionResult> RunAsync(Func<Task<string?>> work, string done, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Error = await work();
        if (Error is not null) { await LoadAsync(ct); return Page(); }
        TempData["Aviso"] = done;
        return Redirect($"/admin/finalizaciones/{Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await voiding.FindAsync(Id, ct) is not { } record) return false;
        Record = record;
        return true;
    }
}
