using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Privacy;

/// <summary>/admin/personas/{id}/anonimizar: an administrator erases a person's personal data, after confirming.</summary>
[Authorize(Roles = Roles.Administrador)]
public sealed class PrivacyAnonymizeModel(ScariDbContext db, PrivacyAnonymizer anonymizer) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Escriba el motivo (por ejemplo, «Solicitud del titular del 3 de marzo, radicado 1234»).")]
    [StringLength(500, MinimumLength = 10, ErrorMessage = "El motivo debe tener entre 10 y 500 caracteres.")]
    [Display(Name = "Motivo")]
    public string Reason { get; set; } = "";

    [BindProperty]
    [Display(Name = "Entiendo que no se puede deshacer")]
    public bool Confirm { get; set; }

    public record Summary(int Id, string Name, string Document, bool Anonymized, int Completions, int Certificates, int Accounts);
    public Summary? Person { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        Person = await LoadAsync(id, ct);
        return Person is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        Person = await LoadAsync(id, ct);
        if (Person is null) return NotFound();
        if (!Confirm) ModelState.AddModelError(nameof(Confirm), "Marque la casilla para confirmar que entiende que no se puede deshacer.");
        if (!ModelState.IsValid) return Page();

        switch (await anonymizer.AnonymizeAsync(id, Reason, ct))
        {
            case AnonymizeResult.Anonymized:
                TempData["Aviso"] = "Se eliminaron los datos personales. Las formaciones terminadas se conservan sin nombre para los indicadores.";
                return Redirect($"/admin/personas/{id}");
            case AnonymizeResult.AlreadyAnonymized:
                ModelState.AddModelError("", "Esta persona ya fue anonimizada.");
                return Page();
            case AnonymizeResult.NotFound:
                return NotFound();
            default:
                ModelState.AddModelError(nameof(Reason), "Escriba el motivo.");
                return Page();
        }
    }

    private async Task<Summary?> LoadAsync(int id, CancellationToken ct) =>
        await db.People.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new Summary(p.Id, p.GivenNames + " " + p.FamilyNames, p.DocumentType.ToString() + " " + p.DocumentNumber,
                p.AnonymizedUtc != null,
                db.Completions.Count(c => c.PersonId == p.Id),
                db.Certificates.Count(c => c.PersonId == p.Id && c.HolderSuppressedUtc == null),
                db.Users.Count(u => u.PersonId == p.Id)))
            .SingleOrDefaultAsync(ct);
}
