using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Admin;

/// <summary>
/// /admin: the home of the team. Its counts are the viewer's own (an administrator everyone; a coordinator the people
/// of their colegio or dependencia; a tutor the cohorts handed to them), counted in SQL with the same scopes the lists use,
/// and it links only to what the viewer may do. Technical facts live on /admin/sistema, for administrators.
/// </summary>
public sealed class IndexModel(ScariDbContext db, PublicLinks links) : PageModel
{
    /// <summary>The address the links and QR codes of certificates and slips carry, and whether it is configured.</summary>
    public string PublicBaseUrl => links.BaseUrl;
    public bool PublicBaseUrlConfigured => links.IsConfigured;
    public CurrentAccount Viewer { get; private set; } = CurrentAccount.Anonymous;
    public string? UnitName { get; private set; }
    public int? People { get; private set; }
    public int? Cohorts { get; private set; }
    public int Enrollments { get; private set; }
    public int Completed { get; private set; }
    public int? Certificates { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Viewer = HttpContext.Account();
        var staff = Viewer.Staff;
        if (Viewer.IsCoordinator && !Viewer.IsAdministrator)
            UnitName = Viewer.ColegioId is { } c ? await db.Colegios.Where(x => x.Id == c).Select(x => x.Name).FirstOrDefaultAsync(ct)
                : Viewer.DependenciaId is { } d ? await db.Dependencias.Where(x => x.Id == d).Select(x => x.Name).FirstOrDefaultAsync(ct)
                : null;

        var enrollments = db.Enrollments.AsNoTracking().VisibleTo(Viewer);
        Enrollments = await enrollments.CountAsync(e => e.WithdrawnUtc == null, ct);
        if (Viewer.CanManage)
        {
            People = await db.People.AsNoTracking().VisibleTo(staff).CountAsync(p => p.AnonymizedUtc == null, ct);
            // Online and in-person completions of their people (a merged duplicate counts once).
            Completed = await db.Completions.AsNoTracking().Where(staff.Covers<Learning.Completion>(c => c.Person))
                .CountAsync(c => c.DuplicateOfCompletionId == null, ct);
            Certificates = await db.Certificates.AsNoTracking().Where(staff.Covers<Certificates.Certificate>(c => c.Completion.Person))
                .CountAsync(c => c.RevokedUtc == null, ct);
        }
        else
        {
            Completed = await enrollments.CountAsync(e => e.WithdrawnUtc == null && e.CompletedUtc != null, ct);
        }
        if (Viewer.IsTutor && !Viewer.CanManage)
            Cohorts = await db.Cohorts.AsNoTracking().VisibleTo(Viewer).CountAsync(ct);
    }
}
