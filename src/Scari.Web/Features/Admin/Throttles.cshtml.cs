using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Admin;

/// <summary>/admin/esperas-de-ingreso: failed sign-in counters and the waits they impose; an administrator clears one.</summary>
[Authorize(Roles = Roles.Administrador)]
public sealed class ThrottlesModel(SignInThrottles throttles, TimeProvider clock) : PageModel
{
    public IReadOnlyList<SignInThrottles.Active> Rows { get; private set; } = [];
    public DateTime NowUtc { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        NowUtc = clock.GetUtcNow().UtcDateTime;
        Rows = await throttles.ActiveAsync(ct);
    }

    public async Task<IActionResult> OnPostClearAsync(string? key, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(key) && await throttles.ClearAsync(key, ct)) TempData["Aviso"] = "Espera quitada: ya se puede intentar de nuevo.";
        else TempData["Error"] = "Esa espera ya no existe: puede que haya vencido o que otro administrador la quitara.";
        return RedirectToPage();
    }
}
