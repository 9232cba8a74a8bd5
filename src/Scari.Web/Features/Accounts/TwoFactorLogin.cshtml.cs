using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Scari.Web.Features.Accounts;

/// <summary>/cuenta/ingresar-2fa: the second step, after the password, for accounts with two-factor sign-in.</summary>
[AllowAnonymous]
[EnableRateLimiting("ingreso")]
public sealed class TwoFactorLoginModel(SignInManager<ScariUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty(SupportsGet = true)] public bool RememberMe { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Escriba el código de la aplicación o un código de recuperación.")]
    [StringLength(20, ErrorMessage = "El código es demasiado largo.")]
    [Display(Name = "Código")]
    public string Code { get; set; } = "";

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/cuenta/ingresar") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user)
        {
            TempData["Error"] = "Pasó demasiado tiempo: ingrese de nuevo su usuario y contraseña.";
            return Redirect("/cuenta/ingresar");
        }
        if (!ModelState.IsValid) return Page();

        var result = TwoFactorAccounts.LooksLikeAppCode(Code)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(TwoFactorAccounts.Clean(Code), RememberMe, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(Code.Replace(" ", "").Trim());
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : await LoginModel.Landing(signIn.UserManager, user));
        ModelState.AddModelError(nameof(Code), result.IsLockedOut
            ? "La cuenta quedó bloqueada por varios intentos fallidos. Intente de nuevo en 15 minutos."
            : "El código no es correcto o ya venció: escriba el código que la aplicación muestra ahora, o un código de recuperación.");
        return Page();
    }
}
