using Scari.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.Enrollment;

[Authorize(Policy = "Staff")]
public sealed class CohortListModel(ScariDbContext db) : PageModel
{
    public sealed record Row(int Id, string Name, string CourseTitle, DateOnly StartDate, DateOnly EndDate, string? Tutor, string? Owner, int Members);

    public List<Row> Cohorts { get; private set; } = [];
    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        if (!viewer.IsSignedIn) return Forbid();
        CanManage = viewer.CanManage;
        // Member counts are cut to the viewer's scope like the member list of /admin/cohortes/{id}.
        var members = db.Enrollments.VisibleTo(viewer).Where(e => e.WithdrawnUtc == null);
        Cohorts = await db.Cohorts.VisibleTo(viewer).AsNoTracking()
            .OrderByDescending(c => c.StartDate).ThenBy(c => c.Name)
            .Select(c => new Row(c.Id, c.Name,
                db.CourseVersions.Where(v => v.CourseId == c.CourseId && v.IsCurrent).Select(v => v.Title).FirstOrDefault() ?? c.CourseId,
                c.StartDate, c.EndDate,
                db.Users.Where(u => u.Id == c.TutorUserId).Select(u => u.FullName).FirstOrDefault(),
                db.Colegios.Where(x => x.Id == c.ColegioId).Select(x => x.Name).FirstOrDefault()
                    ?? db.Dependencias.Where(x => x.Id == c.DependenciaId).Select(x => x.Name).FirstOrDefault(),
                members.Count(e => e.CohortId == c.Id)))
            .ToListAsync(ct);
        return Page();
    }
}
