using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Admin;

[Authorize(Roles = Roles.Administrador)]
public sealed class AuditModel(AuditQuery query) : PageModel
{
    [BindProperty(SupportsGet = true)] public AuditFilter Filter { get; set; } = new();
    public AuditPage Result { get; private set; } = new([], 0, 1, AuditQuery.PageSize);
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public IReadOnlyList<string> TargetTypes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Filter.Desde is { } d && Filter.Hasta is { } h && h < d)
            ModelState.AddModelError("Filter.Hasta", "La fecha «hasta» es anterior a la fecha «desde»: corrija el rango.");
        (Actions, TargetTypes) = await query.ChoicesAsync(ct);
        if (ModelState.IsValid) Result = await query.FindAsync(Filter, ct);
    }

    /// <summary>The query string for another page with the same filters.</summary>
    public string PageLink(int page)
    {
        var q = new Dictionary<string, string?>
        {
            ["Filter.Accion"] = Filter.Accion, ["Filter.Actor"] = Filter.Actor,
            ["Filter.TipoObjeto"] = Filter.TipoObjeto, ["Filter.Objeto"] = Filter.Objeto,
            ["Filter.Desde"] = Filter.Desde?.ToString("yyyy-MM-dd"), ["Filter.Hasta"] = Filter.Hasta?.ToString("yyyy-MM-dd"),
            ["Filter.Pagina"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/admin/auditoria",
            q.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    }
}
