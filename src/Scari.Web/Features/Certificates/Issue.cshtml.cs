using Scari.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.Certificates;

/// <summary>POST /certificados/emitir/{completionId}: issues (or finds) the certificate and sends its PDF.</summary>
[Authorize]
public sealed class IssueModel(CertificateAccess access, CertificateIssuer issuer) : PageModel
{
    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync(int completionId, CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        if (!await access.CanIssueAsync(viewer, completionId, ct)) return NotFound();
        if (await issuer.IssueAsync(completionId, ct) is not { } certificate)
        {
            TempData["Error"] = "El certificado de este curso fue revocado y no se vuelve a emitir desde aquí. Vea el motivo y cómo pedir una revisión en Mis certificados.";
            return Redirect("/certificados");
        }
        return Redirect($"/certificados/{certificate.Code}.pdf");
    }
}
