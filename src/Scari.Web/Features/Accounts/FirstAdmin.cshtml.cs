using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.Accounts;

[AllowAnonymous]
public sealed class FirstAdminModel(FirstAdministrator firstAdmin) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public FirstAdminInput Input { get; set; } = new();
    public bool LinkIsValid { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        LinkIsValid = await firstAdmin.IsValidAsync(Token, ct);
        if (!LinkIsValid) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        LinkIsValid = await firstAdmin.IsValidAsync(Token, ct);
        if (!LinkIsValid)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        if (!ModelState.IsValid) return Page();

        var (result, errors) = await firstAdmin.CreateAsync(Token!, Input.FullName, Input.Email, Input.Password, ct);
        switch (result)
        {
            case FirstAdminResult.Created:
                TempData["Aviso"] = "Administrador creado. Ingrese con su correo y contraseña.";
                return Redirect("/cuenta/ingresar");
            case FirstAdminResult.Rejected:
                foreach (var e in errors) ModelState.AddModelError("", e.Description);
                return Page();
            default:
                LinkIsValid = false;
                Response.StatusCode = StatusCodes.Status404NotFound;
                return Page();
        }
    }
}

public sealed class FirstAdminInput
{
    [Required(ErrorMessage = "Escriba el nombre completo.")]
    [StringLength(200, ErrorMessage = "El nombre admite hasta 200 caracteres.")]
    [Display(Name = "Nombre completo")]
    public string FullName { get; set; } = "";

    [Required(ErrorMessage = "Escriba el correo electrónico.")]
    [EmailAddress(ErrorMessage = "El correo electrónico no es válido.")]
    [StringLength(256)]
    [Display(Name = "Correo electrónico")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Escriba una contraseña.")]
    [Display(Name = "Contraseña")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Repita la contraseña.")]
    [Compare(nameof(Password), ErrorMessage = "Las dos contraseñas no coinciden.")]
    [Display(Name = "Repita la contraseña")]
    public string ConfirmPassword { get; set; } = "";
}
