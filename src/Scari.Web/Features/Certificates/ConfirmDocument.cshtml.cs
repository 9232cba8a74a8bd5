using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// POST /verificar/{codigo}/documento: whoever holds a certificate code asks whether it belongs to a document and gets
/// yes or no. A POST, so the document never travels in a URL (logs, history, referrers); limited per IP and per certificate.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting("documento")]
public sealed class ConfirmDocumentModel(DocumentConfirmation confirmation) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Codigo { get; set; }
    [BindProperty] public string? Tipo { get; set; }
    [BindProperty] public string? Numero { get; set; }

    public DocumentAnswer? Answer { get; private set; }

    public IActionResult OnGet() => Redirect($"/verificar/{Uri.EscapeDataString(Codigo ?? "")}");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Answer = await confirmation.AskAsync(Codigo, Tipo, Numero, ct);
        Numero = null; // never echoed back into the page
        Response.StatusCode = Answer switch
        {
            DocumentAnswer.UnknownCertificate => StatusCodes.Status404NotFound,
            DocumentAnswer.TooManyChecks => StatusCodes.Status429TooManyRequests,
            DocumentAnswer.InvalidInput => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status200OK,
        };
        return Page();
    }
}
