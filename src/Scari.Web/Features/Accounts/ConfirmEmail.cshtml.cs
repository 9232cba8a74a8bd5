using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.Accounts;

/// <summary>/cuenta/confirmar-correo?usuario=…&amp;token=…: the link sent on registration.</summary>
[AllowAnonymous]
public sealed class ConfirmEmailModel(AccountMail mail) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "usuario")] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true, Name = "token")] public string? Token { get; set; }
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Confirmed = await mail.ConfirmEmailAsync(UserId, Token, ct);
}
