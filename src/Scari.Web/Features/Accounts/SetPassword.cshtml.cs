using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.Accounts;

/// <summary>
/// After a code sign-in: the learner may set a password without a current one, once, from that session only (or skip
/// it and ask for another code next time). Every other change asks for the current password (/cuenta/sesiones).
/// </summary>
[Authorize]
public sealed class SetPasswordModel(UserManager<ScariUser> users, SignInManager<ScariUser> signIn, AccountSessions sessions,
    PasswordRules passwords, Admin.AuditLog audit) : PageModel
{
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    public IActionResult OnGet() => HttpContext.Account().MaySetPasswordWithoutCurrent ? Page() : ChangeInstead();

    private RedirectResult ChangeInstead()
    {
        TempData["Error"] = "Para cambiar la contraseña escriba primero la actual. Si la olvidó, pida un código de ingreso a su coordinador.";
        return Redirect("/cuenta/sesiones");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.Clear();
        var account = HttpContext.Account();
        if (!account.MaySetPasswordWithoutCurrent || account.SessionId is null) return ChangeInstead();
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), "Escriba una contraseña.");
        else if (Password != ConfirmPassword) ModelState.AddModelError(nameof(ConfirmPassword), "Las dos contraseñas no coinciden.");
        if (!ModelState.IsValid) return Page();

        foreach (var problem in await passwords.ProblemsAsync(user, Password!, HttpContext.RequestAborted))
            ModelState.AddModelError(nameof(Password), problem);
        if (!ModelState.IsValid) return Page();
        // Spent before the change: two tabs posting at once get one change between them.
        if (!await sessions.TakePasswordWithoutCurrentAsync(account.SessionId, HttpContext.RequestAborted)) return ChangeInstead();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, Password!);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) ModelState.AddModelError(nameof(Password), e.Description);
            return Page();
        }
        await SessionsModel.PasswordChangedAsync(sessions, signIn, audit, HttpContext, user, HttpContext.RequestAborted);
        TempData["Aviso"] = $"Contraseña guardada. La próxima vez ingrese con su número de documento y su contraseña.";
        return Redirect("/mi-aprendizaje");
    }
}
