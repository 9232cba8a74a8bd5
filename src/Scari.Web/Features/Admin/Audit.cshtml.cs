using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Shared;

namespace Scari.Web.Features.Admin;

[Authorize(Roles = Roles.Administrador)]
public sealed class AuditModel(AuditQuery query) : PageModel
{
    [BindProperty(SupportsGet = true)] public AuditFilter Filter { get; set; } = new();
    public Paged<AuditRow> Result { get; private set; } = new([], 0, 1, Paging.PageSize);
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public IReadOnlyList<string> TargetTypes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Filter.Desde is { } d && Filter.Hasta is { } h && h < d)
            ModelState.AddModelError("Filter.Hasta", "La fecha «hasta» es anterior a la fecha «desde»: corrija el rango.");
        (Actions, TargetTypes) = await query.ChoicesAsync(ct);
        if (ModelState.IsValid) Result = await query.FindAsync(Filter, ct);
    }

    /// <summary>The address of another page with the same filters.</summary>
    public string PageLink(int page) => Paging.WithParameter("/admin/auditoria",
    [
        new("Filter.Accion", Filter.Accion), new("Filter.Actor", Filter.Actor),
        new("Filter.TipoObjeto", Filter.TipoObjeto), new("Filter.Objeto", Filter.Objeto),
        new("Filter.Desde", Filter.Desde?.ToString("yyyy-MM-dd")), new("Filter.Hasta", Filter.Hasta?.ToString("yyyy-MM-dd")),
    ], "Filter.Pagina", page);
}
