using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.Accounts;

/// <summary>/cuenta/sesiones: the account's open sessions, closing the others, and changing the password.</summary>
[Authorize]
public sealed class SessionsModel(AccountSessions sessions, UserManager<ScariUser> users, SignInManager<ScariUser> signIn,
    PasswordRules passwords, AuditLog audit) : PageModel
{
    public IReadOnlyList<AccountSessions.OpenSession> Open { get; private set; } = [];
    public string? CurrentSession { get; private set; }

    [BindProperty, DataType(DataType.Password)] public string? CurrentPassword { get; set; }
    [BindProperty, DataType(DataType.Password)] public string? NewPassword { get; set; }
    [BindProperty, DataType(DataType.Password)] public string? ConfirmPassword { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCloseOthersAsync(CancellationToken ct)
    {
        var account = HttpContext.Account();
        var ended = await sessions.EndOthersAsync(account.UserId, account.SessionId, "otra-sesion", ct);
        audit.Record("account.sessions-closed", "ScariUser", account.UserId, $"Cerró {ended} sesiones en otros equipos.");
        await HttpContext.RequestServices.GetRequiredService<Data.ScariDbContext>().SaveChangesAsync(ct);
        TempData["Aviso"] = ended == 1 ? "Se cerró 1 sesión en otro equipo." : $"Se cerraron {ended} sesiones en otros equipos.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var hasPassword = await users.HasPasswordAsync(user);
        if (hasPassword && string.IsNullOrEmpty(CurrentPassword)) ModelState.AddModelError(nameof(CurrentPassword), "Escriba su contraseña actual.");
        if (string.IsNullOrEmpty(NewPassword)) ModelState.AddModelError(nameof(NewPassword), "Escriba la contraseña nueva.");
        else if (NewPassword != ConfirmPassword) ModelState.AddModelError(nameof(ConfirmPassword), "Las dos contraseñas no coinciden.");
        else foreach (var problem in await passwords.ProblemsAsync(user, NewPassword, ct)) ModelState.AddModelError(nameof(NewPassword), problem);
        if (!hasPassword) ModelState.AddModelError("", "Su cuenta aún no tiene contraseña: pida un código de ingreso a su coordinador y cree la contraseña justo después de ingresar con él.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        var result = await users.ChangePasswordAsync(user, CurrentPassword!, NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError(e.Code == "PasswordMismatch" ? nameof(CurrentPassword) : nameof(NewPassword),
                    e.Code == "PasswordMismatch" ? "La contraseña actual no es correcta." : e.Description);
            await LoadAsync(ct);
            return Page();
        }
        await PasswordChangedAsync(sessions, signIn, audit, HttpContext, user, ct);
        TempData["Aviso"] = "Contraseña cambiada. Se cerraron las sesiones abiertas en otros equipos.";
        return RedirectToPage();
    }

    /// <summary>After any password change: every other session ends, this one stays signed in with the new stamp.</summary>
    internal static async Task PasswordChangedAsync(AccountSessions sessions, SignInManager<ScariUser> signIn, AuditLog audit,
        HttpContext http, ScariUser user, CancellationToken ct)
    {
        var account = http.Account();
        await sessions.EndOthersAsync(user.Id, account.SessionId, "contrasena", ct);
        audit.Record("account.password-changed", "ScariUser", user.Id, "Cambió su contraseña; se cerraron sus otras sesiones.");
        await http.RequestServices.GetRequiredService<Data.ScariDbContext>().SaveChangesAsync(ct);
        await signIn.RefreshSignInAsync(user);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var account = HttpContext.Account();
        CurrentSession = account.SessionId;
        Open = await sessions.OpenSessionsAsync(account.UserId, ct);
        CurrentPassword = NewPassword = ConfirmPassword = null;
    }
}
