using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Shared;

namespace Scari.Web.Features.People;

/// <summary>/admin/personas/duplicados: probable duplicates with their reasons and score; a pair can be set aside as «no es la misma persona».</summary>
[Authorize(Roles = Roles.Administrador + "," + Roles.Coordinador)]
public sealed class DuplicatesModel(DuplicateScan scan) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "pagina")] public int PageNumber { get; set; } = 1;
    public Paged<DuplicatePair> Pairs { get; private set; } = new([], 0, 1, Paging.PageSize);
    public PeopleScope Scope { get; private set; } = PeopleScope.Nobody;
    public bool CanMerge { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Scope = HttpContext.Account().Staff;
        CanMerge = HttpContext.Account().IsAdministrator;
        var all = await scan.FindAsync(Scope, ct);
        var page = Math.Clamp(PageNumber, 1, Paging.PageCount(all.Count, Paging.PageSize));
        Pairs = new(all.Skip((page - 1) * Paging.PageSize).Take(Paging.PageSize).ToList(), all.Count, page, Paging.PageSize);
    }

    public async Task<IActionResult> OnPostDescartarAsync(int a, int b, CancellationToken ct)
    {
        var actor = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var result = await scan.DismissAsync(HttpContext.Account().Staff, a, b, actor, ct);
        if (result.NotFound) return NotFound();
        TempData["Aviso"] = result.Error ?? "Listo: el par quedó marcado como «no es la misma persona» y ya no aparece en la lista.";
        return Redirect("/admin/personas/duplicados");
    }

    public string PageUrl(int page) => Paging.WithParameter("/admin/personas/duplicados", [], "pagina", page);
}
