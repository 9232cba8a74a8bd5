using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Mail;

/// <summary>/admin/correo: the outbox (never a body, so never a token or code), delivery problems, resend.</summary>
[Authorize(Roles = Roles.Administrador)]
public sealed class OutboxModel(OutboxAdmin outbox, MailTransport transport) : PageModel
{
    public IReadOnlyList<OutboxAdmin.Row> Rows { get; private set; } = [];
    public Dictionary<OutboxStatus, int> Counts { get; private set; } = [];
    public OutboxAdmin.Problem? Problem { get; private set; }
    public MailOptions Settings => transport.Options;
    public string FilesDirectory => transport.FilesDirectory;
    [BindProperty(SupportsGet = true, Name = "estado")] public OutboxStatus? Status { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rows = await outbox.ListAsync(Status, 200, ct);
        Counts = await outbox.CountsAsync(ct);
        Problem = await outbox.CurrentProblemAsync(ct);
    }

    public async Task<IActionResult> OnPostResendAsync(long id, CancellationToken ct)
    {
        if (await outbox.ResendAsync(id, ct)) TempData["Aviso"] = $"El mensaje {id} volvió a la bandeja de salida: se enviará en unos segundos.";
        else TempData["Error"] = $"El mensaje {id} no está fallido (puede que ya se haya reenviado) o su contenido se retiró: no se puede reenviar.";
        return RedirectToPage();
    }

    public static string StatusText(OutboxStatus s) => s switch
    {
        OutboxStatus.Pendiente => "pendiente",
        OutboxStatus.Enviando => "enviando",
        OutboxStatus.Enviado => "enviado",
        OutboxStatus.Anulado => "anulado",
        _ => "fallido",
    };
}
