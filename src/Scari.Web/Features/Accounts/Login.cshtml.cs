using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Scari.Web.Features.Accounts;

[AllowAnonymous]
[EnableRateLimiting("ingreso")]
public sealed class LoginModel(SignInManager<ScariUser> signIn, UserManager<ScariUser> users, Data.ScariDbContext db,
    SignInThrottles throttles) : PageModel
{
    [BindProperty] public LoginInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        // An e-mail, "TI-1043123456" or just the document number.
        var (user, ambiguous) = await AccountLookup.FindAsync(db, users, Input.UserName, HttpContext.RequestAborted);
        if (ambiguous)
        {
            ModelState.AddModelError("", AccountLookup.AmbiguousMessage);
            return Page();
        }
        // The same answers whether the account exists or not: throttled by what was typed, checked before the password.
        var ct = HttpContext.RequestAborted;
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        var key = SignInThrottles.UserKey(user?.Id, Input.UserName);
        if (await throttles.WaitAsync("clave", address, key, ct) is { } wait)
        {
            ModelState.AddModelError("", SignInThrottles.Message(wait));
            return Page();
        }
        if (user is not null)
        {
            // No Identity lockout here: a stranger's wrong passwords must not lock the owner out (SignInThrottles slows them).
            var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: false);
            if (result.Succeeded || result.RequiresTwoFactor) await throttles.SucceededAsync("clave", address, key, ct);
            if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : await Landing(users, user));
            if (result.RequiresTwoFactor) return RedirectToPage("/Accounts/TwoFactorLogin", new { ReturnUrl, Input.RememberMe });
        }
        await throttles.FailedAsync("clave", address, key, ct);
        ModelState.AddModelError("", "El usuario o la contraseña no son correctos.");
        return Page();
    }

    /// <summary>
    /// Where a sign-in without a return address lands: a learner on Mi aprendizaje (their courses, "Continuar"),
    /// staff on the home page with their area's links.
    /// </summary>
    public static async Task<string> Landing(UserManager<ScariUser> users, ScariUser user) =>
        (await users.GetRolesAsync(user)).Any(r => r is Roles.Administrador or Roles.Coordinador or Roles.Tutor) ? "/" : "/mi-aprendizaje";
}

public sealed class LoginInput
{
    [Required(ErrorMessage = "Escriba su correo electrónico o número de documento.")]
    [StringLength(256, ErrorMessage = "El usuario es demasiado largo.")]
    [Display(Name = "Correo electrónico o número de documento")]
    public string UserName { get; set; } = "";

    [Required(ErrorMessage = "Escriba su contraseña.")]
    [DataType(DataType.Password)]
    [Display(Name = "Contraseña")]
    public string Password { get; set; } = "";

    [Display(Name = "Mantener la sesión en este equipo")]
    public bool RememberMe { get; set; }
}
