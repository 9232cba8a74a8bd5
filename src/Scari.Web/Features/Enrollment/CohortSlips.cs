using Scari.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Enrollment;

/// <summary>Who of a cohort gets a sign-in slip: its student members; staff members are named as skipped.</summary>
public sealed record CohortSlipPlan(string CohortName, IReadOnlyList<int> StudentIds, IReadOnlyList<string> SkippedStaff);

/// <summary>
/// Sign-in slips for a whole cohort (issue #5: "a coordinator prints sign-in slips for a cohort"): one PDF, one slip
/// per student member, through the people feature's <see cref="SignInSlips"/>. Coordinators and administrators only,
/// within the cohorts they manage; tutors follow their cohorts but do not hand out codes.
/// </summary>
public sealed class CohortSlips(ScariDbContext db, SignInSlips slips, AuditLog audit)
{
    /// <summary>The plan for a cohort the viewer manages, or null when they do not manage it.</summary>
    public async Task<CohortSlipPlan?> PlanAsync(CurrentAccount viewer, int cohortId, CancellationToken ct)
    {
        var name = await db.Cohorts.ManageableBy(viewer).AsNoTracking().Where(c => c.Id == cohortId)
            .Select(c => c.Name).SingleOrDefaultAsync(ct);
        if (name is null) return null;
        // Members within the viewer's scope only: the plan names the members who get no slip.
        var members = await db.Enrollments.VisibleTo(viewer).AsNoTracking()
            .Where(e => e.CohortId == cohortId && e.WithdrawnUtc == null && e.Person.AnonymizedUtc == null)
            .OrderBy(e => e.Person.FamilyNames).ThenBy(e => e.Person.GivenNames)
            .Select(e => new { e.PersonId, Name = e.Person.GivenNames + " " + e.Person.FamilyNames, e.Person.Audience })
            .ToListAsync(ct);
        return new CohortSlipPlan(name,
            members.Where(m => m.Audience == Audience.Student).Select(m => m.PersonId).Distinct().ToList(),
            members.Where(m => m.Audience != Audience.Student).Select(m => m.Name.Trim()).ToList());
    }

    /// <summary>
    /// Issues a fresh one-time code to each student member (older unused codes stop working) and renders their slips
    /// as one PDF; null when no student member could get one. Each code is audited by <see cref="SignInCodes"/>, and
    /// the cohort-wide print once more, in the same transaction.
    /// </summary>
    public async Task<(byte[] Pdf, int Count)?> PrintAsync(CurrentAccount viewer, CohortSlipPlan plan, int cohortId, string baseUrl, CancellationToken ct)
    {
        if (plan.StudentIds.Count == 0) return null;
        var scope = viewer.Staff;
        audit.Record("cohort.signin-slips-printed", "Cohort", cohortId,
            $"Hojas de ingreso de la cohorte «{plan.CohortName}» para {plan.StudentIds.Count} estudiantes"
            + (plan.SkippedStaff.Count > 0 ? $"; {plan.SkippedStaff.Count} integrantes que no son estudiantes, sin hoja" : ""));
        var result = await slips.IssueAsync(scope, plan.StudentIds, baseUrl, viewer.UserId, ct);
        if (result is null) db.ChangeTracker.Clear(); // nothing issued: the cohort entry is not written either
        return result;
    }
}
