using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.Accounts;

/// <summary>/cuenta/invitacion?usuario=…&amp;token=…: a staff member sets their first password (and then two-factor, by policy).</summary>
[AllowAnonymous]
public sealed class AcceptInvitationModel(AccountMail mail, UserManager<ScariUser> users, SignInManager<ScariUser> signIn, TwoFactorPolicy policy) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "usuario")] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true, Name = "token")] public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Escriba una contraseña.")]
    [StringLength(PasswordRules.MaximumLength, ErrorMessage = "La contraseña es demasiado larga.")]
    [Display(Name = "Contraseña")]
    public string Password { get; set; } = "";

    [BindProperty]
    [Display(Name = "Repita la contraseña")]
    public string? ConfirmPassword { get; set; }

    public string? Problem { get; private set; }
    public string FullName { get; private set; } = "";
    public string UserName { get; private set; } = "";
    public bool NeedsTwoFactor { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await LoadAsync();
        if (user is null || !ModelState.IsValid) return Page();
        if (Password != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "Las dos contraseñas no coinciden.");
            return Page();
        }
        var result = await mail.AcceptInvitationAsync(UserId!, Token!, Password, ct);
        if (result is null)
        {
            await LoadAsync();
            return Page();
        }
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError(nameof(Password), error.Description);
            return Page();
        }
        var fresh = await users.FindByIdAsync(UserId!);
        await signIn.SignInAsync(fresh!, isPersistent: false);
        TempData["Aviso"] = NeedsTwoFactor
            ? "Su cuenta quedó activa. Ahora configure el ingreso en dos pasos: su rol lo requiere."
            : "Su cuenta quedó activa.";
        return Redirect(NeedsTwoFactor ? "/cuenta/seguridad" : "/admin");
    }

    private async Task<ScariUser?> LoadAsync()
    {
        var (state, user) = await mail.CheckInvitationAsync(UserId, Token);
        if (state != AccountMail.InvitationState.Valid || user is null)
        {
            Problem = AccountMail.Explain(state, user);
            return null;
        }
        FullName = user.FullName;
        UserName = user.UserName ?? "";
        var roles = await users.GetRolesAsync(user);
        NeedsTwoFactor = roles.Any(r => policy.Requires(r, user.CoordinatedColegioId));
        return user;
    }
}
