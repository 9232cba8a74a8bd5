using Scari.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Privacy;

namespace Scari.Web.Features.People;

[Authorize(Roles = "Administrador,Coordinador")]
public sealed class EditPersonModel(ScariDbContext db, PersonEditor editor) : PersonFormPage(db)
{
    [FromRoute] public int Id { get; set; }
    public string FullName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var person = await FindAsync(ct);
        if (person is null) return NotFound();
        Input = PersonInput.From(person);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await FindAsync(ct) is null) return NotFound();
        await LoadAsync(ct);
        if (!ModelState.IsValid) return Page();
        var result = await editor.UpdateAsync(Scope, Id, Input, ActorId, ct);
        if (result.NotFound) return NotFound();
        if (!result.Succeeded)
        {
            result.Errors.CopyTo(ModelState);
            return Page();
        }
        TempData["Aviso"] = "Cambios guardados.";
        return Redirect($"/admin/personas/{Id}");
    }

    private async Task<Person?> FindAsync(CancellationToken ct)
    {
        var scope = HttpContext.Account().People;
        var person = await Db.People.AsNoTracking().VisibleTo(scope).FirstOrDefaultAsync(p => p.Id == Id && p.AnonymizedUtc == null, ct);
        if (person is null) return null;
        Audience = person.Audience;
        Editing = true;
        FullName = person.FullName;
        HasGuardianConsent = await Db.Consents.AnyAsync(c => c.PersonId == Id && c.Kind == ConsentKind.GuardianConsent, ct);
        return person;
    }
}
