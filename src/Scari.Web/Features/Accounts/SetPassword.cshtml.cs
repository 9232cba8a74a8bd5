using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.Accounts;

/// <summary>After a code sign-in: the learner may set a password (or skip it and ask for another code next time).</summary>
[Authorize]
public sealed class SetPasswordModel(UserManager<ScariUser> users, SignInManager<ScariUser> signIn) : PageModel
{
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.Clear();
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), "Escriba una contraseña.");
        else if (Password != ConfirmPassword) ModelState.AddModelError(nameof(ConfirmPassword), "Las dos contraseñas no coinciden.");
        if (!ModelState.IsValid) return Page();

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, Password!);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) ModelState.AddModelError(nameof(Password), e.Description);
            return Page();
        }
        await signIn.RefreshSignInAsync(user);
        TempData["Aviso"] = $"Contraseña guardada. La próxima vez ingrese con su número de documento y su contraseña.";
        return Redirect("/mi-aprendizaje");
    }
}
