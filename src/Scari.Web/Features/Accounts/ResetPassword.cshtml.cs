using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.Accounts;

/// <summary>/cuenta/restablecer?usuario=…&amp;token=…: the link of the recovery message.</summary>
[AllowAnonymous]
public sealed class ResetPasswordModel(AccountMail mail) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "usuario")] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true, Name = "token")] public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Escriba la contraseña nueva.")]
    [StringLength(PasswordRules.MaximumLength, ErrorMessage = "La contraseña es demasiado larga.")]
    [Display(Name = "Contraseña nueva")]
    public string Password { get; set; } = "";

    [BindProperty]
    [Display(Name = "Repita la contraseña nueva")]
    public string? ConfirmPassword { get; set; }

    public bool LinkValid { get; private set; }

    public async Task OnGetAsync() => LinkValid = await mail.ResetLinkIsValidAsync(UserId, Token);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        LinkValid = await mail.ResetLinkIsValidAsync(UserId, Token);
        if (!LinkValid || !ModelState.IsValid) return Page();
        if (Password != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "Las dos contraseñas no coinciden.");
            return Page();
        }
        var result = await mail.ResetAsync(UserId!, Token!, Password, ct);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError(nameof(Password), error.Description);
            return Page();
        }
        TempData["Aviso"] = "Su contraseña cambió y las demás sesiones de su cuenta se cerraron. Ingrese con la contraseña nueva.";
        return Redirect("/cuenta/ingresar");
    }
}
