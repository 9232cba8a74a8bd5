using Scari.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Scari.Web.Data;

namespace Scari.Web.Features.People;

[Authorize(Roles = "Administrador,Coordinador")]
public sealed class NewPersonModel(ScariDbContext db, PersonEditor editor, TimeProvider clock) : PersonFormPage(db)
{
    /// <summary>"estudiante" or "funcionario", from the URL.</summary>
    [FromRoute] public string Kind { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!SetAudience()) return NotFound();
        Input.ConsentDate = Bogota.Today(clock);
        // Most students are minors, whose document is the tarjeta de identidad: the form starts there (CC for staff).
        if (Audience == Audience.Student) Input.DocumentType = DocumentType.TI;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!SetAudience()) return NotFound();
        await LoadAsync(ct);
        // Binding problems (a date that does not parse) stay; the editor adds its own messages.
        if (!ModelState.IsValid) return Page();
        var result = await editor.CreateAsync(Scope, Audience, Input, ActorId, ct);
        if (result.NotFound) return NotFound();
        if (!result.Succeeded)
        {
            result.Errors.CopyTo(ModelState);
            return Page();
        }
        TempData["Aviso"] = Audience == Audience.Student ? "Estudiante creado." : "Funcionario creado.";
        return Redirect($"/admin/personas/{result.PersonId}");
    }

    /// <summary>The audience from the URL, when it is one this account works with (a school's coordinator creates students only).</summary>
    private bool SetAudience()
    {
        Audience = Kind switch { "estudiante" => Audience.Student, "funcionario" => Audience.Staff, _ => (Audience)(-1) };
        return Enum.IsDefined(Audience) && HttpContext.Account().WorksWith(Audience);
    }
}
