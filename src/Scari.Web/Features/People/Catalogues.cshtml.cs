using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Scari.Web.Features.People;

[Authorize(Roles = "Administrador")]
public sealed class CataloguesModel(CatalogueEditor editor) : PageModel
{
    public IReadOnlyList<CatalogueEditor.Row> Dependencias { get; private set; } = [];
    public IReadOnlyList<CatalogueEditor.Row> Colegios { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => (Dependencias, Colegios) = await editor.ListAsync(ct);

    public Task<IActionResult> OnPostAddAsync(CatalogueKind kind, string? code, string? name, string? localidad, CancellationToken ct) =>
        Done(editor.AddAsync(kind, code, name, localidad, ct), $"Se agregó {code?.Trim().ToUpperInvariant()}.", ct);

    public Task<IActionResult> OnPostRenameAsync(CatalogueKind kind, int id, string? name, string? localidad, CancellationToken ct) =>
        Done(editor.RenameAsync(kind, id, name, localidad, ct), "Nombre actualizado.", ct);

    public Task<IActionResult> OnPostActiveAsync(CatalogueKind kind, int id, bool active, CancellationToken ct) =>
        Done(editor.SetActiveAsync(kind, id, active, ct), active ? "Registro reactivado." : "Registro desactivado: ya no aparece en las listas para elegir.", ct);

    private async Task<IActionResult> Done(Task<string?> work, string success, CancellationToken ct)
    {
        var error = await work;
        if (error is null)
        {
            TempData["Aviso"] = success;
            return Redirect("/admin/catalogos");
        }
        ModelState.AddModelError("", error);
        await OnGetAsync(ct);
        return Page();
    }
}
