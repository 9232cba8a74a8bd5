using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.Accounts;

/// <summary>/cuenta/olvide-mi-contrasena: the same answer whether or not the address has an account.</summary>
[AllowAnonymous]
public sealed class ForgotPasswordModel(AccountMail mail) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Escriba el correo electrónico de su cuenta.")]
    [StringLength(256, ErrorMessage = "El correo es demasiado largo.")]
    [Display(Name = "Correo electrónico")]
    public string Email { get; set; } = "";

    public string? Answer { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var (result, wait) = await mail.RequestResetAsync(Email, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (result == ResetRequest.Wait)
        {
            ModelState.AddModelError("", SignInThrottles.Message(wait!.Value));
            return Page();
        }
        Answer = AccountMail.SameAnswer;
        ModelState.Clear();
        Email = "";
        return Page();
    }
}
