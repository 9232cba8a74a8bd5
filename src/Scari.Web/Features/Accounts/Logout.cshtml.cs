using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.Accounts;

[AllowAnonymous]
public sealed class LogoutModel(SignInManager<ScariUser> signIn, AccountSessions sessions) : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        // Ended on the server too: a copy of the cookie no longer opens anything.
        var account = HttpContext.Account();
        if (account.SessionId is { } session) await sessions.EndAsync(account.UserId, session, "salida", HttpContext.RequestAborted);
        await signIn.SignOutAsync();
        TempData["Aviso"] = "Cerró la sesión.";
        return Redirect("/");
    }
}
