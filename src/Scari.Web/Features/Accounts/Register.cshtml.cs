using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Accounts;

[AllowAnonymous]
public sealed class RegisterModel(StaffRegistration registration, SignInManager<ScariUser> signIn, ScariDbContext db) : PageModel
{
    [BindProperty] public RegistrationInput Input { get; set; } = new();
    public IReadOnlyList<(int Id, string Name)> Dependencias { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Binding problems (a value that does not parse) are reported with the rest.
        var (user, errors) = await registration.RegisterAsync(Input, ct);
        if (user is null)
        {
            ModelState.Clear();
            errors.CopyTo(ModelState);
            await LoadAsync(ct);
            return Page();
        }
        await signIn.SignInAsync(user, isPersistent: false);
        TempData["Aviso"] = "Bienvenido a SCARI. Su cuenta quedó creada.";
        return Redirect("/mi-aprendizaje");
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Dependencias = (await db.Dependencias.AsNoTracking().Where(d => d.Active).OrderBy(d => d.Name)
            .Select(d => new { d.Id, d.Name }).ToListAsync(ct)).Select(d => (d.Id, d.Name)).ToList();
}
