using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Accounts;

[AllowAnonymous]
public sealed class CodeSignInModel(SignInCodes codes, SignInManager<ScariUser> signIn) : PageModel
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

        var result = await codes.RedeemAsync(Document, Code, ct);
        if (result.Outcome != RedeemOutcome.SignedIn)
        {
            ModelState.AddModelError("", result.Message);
            return Page();
        }
        await signIn.SignInAsync(result.User!, isPersistent: false);
        TempData["Aviso"] = "Ingresó con su código. Ese código ya no sirve: cree una contraseña para volver a ingresar.";
        return Redirect("/cuenta/crear-contrasena");
    }
}
