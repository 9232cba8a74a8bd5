using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Admin;

/// <summary>What content is served, the problems of the last load, and the «Recargar contenido» button.</summary>
[Authorize(Roles = Roles.Administrador)]
public sealed class ContentModel(CourseCatalog catalog, AuditLog audit, ScariDbContext db) : PageModel
{
    public CourseCatalog Catalog => catalog;

    public IEnumerable<IGrouping<string, ContentProblem>> ProblemsByFile =>
        catalog.Problems.GroupBy(p => p.Path).OrderBy(g => g.Key, StringComparer.Ordinal);

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await catalog.ReloadAsync(ct);
        var problems = catalog.Problems.Count;
        var summary = $"{catalog.Courses.Count} cursos servidos, {problems} problemas"
            + (catalog.RefusedCourses.Count > 0 ? $", rechazados: {string.Join(", ", catalog.RefusedCourses)}" : "");
        audit.Record("content.reloaded", "Content", "catalogo", summary);
        await db.SaveChangesAsync(ct);
        TempData[problems == 0 ? "Aviso" : "Error"] = problems == 0
            ? $"Contenido recargado: {catalog.Courses.Count} cursos, sin problemas."
            : $"Contenido recargado con {problems} {(problems == 1 ? "problema" : "problemas")}: los cursos con problemas no se actualizaron y siguen con su última versión válida. Corrija los archivos indicados abajo y vuelva a recargar.";
        return RedirectToPage();
    }
}
