using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Accounts;

[AllowAnonymous]
public sealed class CodeSignInModel(SignInCodes codes, SignInManager<ScariUser> signIn, SignInThrottles throttles,
    UserManager<ScariUser> users, Data.ScariDbContext db) : PageModel
{
    [BindProperty] public string? Document { get; set; }
    [BindProperty] public string? Code { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (string.IsNullOrWhiteSpace(Document)) ModelState.AddModelError(nameof(Document), "Escriba su número de documento.");
        if (string.IsNullOrWhiteSpace(Code)) ModelState.AddModelError(nameof(Code), "Escriba el código que le entregaron.");
        if (!ModelState.IsValid) return Page();

        // Throttled per document (and per address + document), never locked: the same rule as the password sign-in.
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        var (account, _) = await AccountLookup.FindAsync(db, users, Document, ct);
        var key = SignInThrottles.UserKey(account?.Id, Document ?? "");
        if (await throttles.WaitAsync("codigo", address, key, ct) is { } wait)
        {
            ModelState.AddModelError("", SignInThrottles.Message(wait));
            return Page();
        }
        var result = await codes.RedeemAsync(Document, Code, ct);
        if (result.Outcome != RedeemOutcome.SignedIn)
        {
            if (result.Outcome != RedeemOutcome.Ambiguous) await throttles.FailedAsync("codigo", address, key, ct);
            ModelState.AddModelError("", result.Message);
            return Page();
        }
        await throttles.SucceededAsync("codigo", address, key, ct);
        // This session may set a password once without a current one (Features/Accounts/SetPassword).
        HttpContext.Items[AccountSessions.OriginItem] = "codigo";
        await signIn.SignInAsync(result.User!, isPersistent: false);
        TempData["Aviso"] = "Ingresó con su código. Ese código ya no sirve: cree una contraseña para volver a ingresar.";
        return Redirect("/cuenta/crear-contrasena");
    }
}
