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
        var viewer = await access.ViewerAsync(User, ct);
        if (!await access.CanIssueAsync(viewer, completionId, ct)) return NotFound();
        var certificate = await issuer.IssueAsync(completionId, ct);
        return Redirect($"/certificados/{certificate.Code}.pdf");
    }
}
