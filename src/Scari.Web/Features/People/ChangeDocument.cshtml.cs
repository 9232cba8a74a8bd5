using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.People;

/// <summary>/admin/personas/{id}/documento: a renewal (TI → CC) or the correction of a mistyped number, kept in the history.</summary>
[Authorize(Roles = Roles.Administrador + "," + Roles.Coordinador)]
public sealed class ChangeDocumentModel(ScariDbContext db, DocumentChanges documents) : PageModel
{
    public sealed class DocumentInput
    {
        [Display(Name = "Tipo del documento nuevo")]
        public DocumentType DocumentType { get; set; } = DocumentType.CC;

        [Display(Name = "Número del documento nuevo")]
        public string? DocumentNumber { get; set; }

        public DocumentChangeKind? Kind { get; set; }

        [Display(Name = "Fecha del cambio")]
        public DateOnly? ChangedOn { get; set; }
    }

    [FromRoute] public int Id { get; set; }
    [BindProperty] public DocumentInput Input { get; set; } = new();
    public string FullName { get; private set; } = "";
    public string CurrentDocument { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!ModelState.IsValid) return Page();
        if (Input.Kind is not { } kind)
        {
            ModelState.AddModelError("Input.Kind", "Elija si es una renovación del documento o la corrección de un número mal escrito.");
            return Page();
        }
        var actor = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var result = await documents.ChangeAsync(HttpContext.Account().People, Id, Input.DocumentType, Input.DocumentNumber, kind, Input.ChangedOn, actor, ct);
        if (result.NotFound) return NotFound();
        if (result.Error is { } error)
        {
            ModelState.AddModelError("Input.DocumentNumber", error);
            return Page();
        }
        TempData["Aviso"] = kind == DocumentChangeKind.Renewal
            ? "Documento renovado. El anterior queda en el historial y sigue sirviendo para ingresar y verificar sus certificados."
            : "Número corregido. El número anterior queda en el historial y ya no identifica a esta persona.";
        return Redirect($"/admin/personas/{Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().VisibleTo(HttpContext.Account().People)
            .Where(p => p.Id == Id && p.AnonymizedUtc == null)
            .Select(p => new { p.GivenNames, p.FamilyNames, p.DocumentType, p.DocumentNumber }).FirstOrDefaultAsync(ct);
        if (person is null) return false;
        FullName = $"{person.GivenNames} {person.FamilyNames}".Trim();
        CurrentDocument = $"{DocumentRules.Label(person.DocumentType)} {person.DocumentNumber}";
        return true;
    }
}
