using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.People;

/// <summary>/admin/personas/fusiones/{id}: one merge, read from its audit entry, and «Deshacer la fusión» or why it cannot be undone.</summary>
[Authorize(Roles = Roles.Administrador)]
public sealed class MergeDetailModel(MergeUndo undo) : PageModel
{
    [FromRoute] public int Id { get; set; }
    public MergeView Merge { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await undo.FindAsync(Id, ct) is not { } merge) return NotFound();
        Merge = merge;
        return Page();
    }

    public async Task<IActionResult> OnPostDeshacerAsync(CancellationToken ct)
    {
        var actor = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var error = await undo.UndoAsync(Id, actor, ct);
        TempData["Aviso"] = error ?? "Fusión deshecha: los dos registros vuelven a estar separados, cada uno con lo que tenía.";
        return Redirect($"/admin/personas/fusiones/{Id}");
    }
}
