using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Enrollment;

/// <summary>Who is asking, with the scope their roles give them: the input of every scoped query.</summary>
public sealed record Viewer(string UserId, bool IsAdmin, bool IsCoordinator, bool IsTutor,
    int? ColegioId, int? DependenciaId, int? PersonId)
{
    /// <summary>Administrators and coordinators enroll, withdraw and build cohorts; tutors only follow theirs.</summary>
    public bool CanManage => IsAdmin || IsCoordinator;

    public static async Task<Viewer?> LoadAsync(ScariDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return null;
        var row = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.CoordinatedColegioId, u.CoordinatedDependenciaId, u.PersonId })
            .SingleOrDefaultAsync(ct);
        if (row is null) return null;
        return new Viewer(id, user.IsInRole(Roles.Administrador), user.IsInRole(Roles.Coordinador), user.IsInRole(Roles.Tutor),
            row.CoordinatedColegioId, row.CoordinatedDependenciaId, row.PersonId);
    }
}

/// <summary>
/// Scoping of enrollment data: an administrator sees everything, a coordinator the people of their colegio or
/// dependencia, a tutor the cohorts they lead. Everything else sees nothing.
/// </summary>
public static class StaffScope
{
    /// <summary>People a viewer may enroll: the people feature's scope (an administrator everyone, a coordinator their own).</summary>
    public static IQueryable<Person> VisibleTo(this IQueryable<Person> people, Viewer v) =>
        people.VisibleTo(new PeopleScope(v.IsAdmin, v.IsCoordinator ? v.ColegioId : null, v.IsCoordinator ? v.DependenciaId : null, OwnPersonId: null));

    public static IQueryable<Enrollment> VisibleTo(this IQueryable<Enrollment> enrollments, Viewer v)
    {
        if (v.IsAdmin) return enrollments;
        int? colegio = v.IsCoordinator ? v.ColegioId : null;
        int? dependencia = v.IsCoordinator ? v.DependenciaId : null;
        string? tutor = v.IsTutor ? v.UserId : null;
        return enrollments.Where(e =>
            (colegio != null && e.Person.ColegioId == colegio) ||
            (dependencia != null && e.Person.DependenciaId == dependencia) ||
            (tutor != null && e.Cohort != null && e.Cohort.TutorUserId == tutor));
    }

    /// <summary>Enrollments the viewer may change (withdraw, enroll): tutors only follow, they do not manage.</summary>
    public static IQueryable<Enrollment> ManageableBy(this IQueryable<Enrollment> enrollments, Viewer v) =>
        v.CanManage ? enrollments.VisibleTo(v with { IsTutor = false }) : enrollments.Where(_ => false);

    public static IQueryable<Cohort> VisibleTo(this IQueryable<Cohort> cohorts, Viewer v)
    {
        if (v.IsAdmin) return cohorts;
        int? colegio = v.IsCoordinator ? v.ColegioId : null;
        int? dependencia = v.IsCoordinator ? v.DependenciaId : null;
        string? tutor = v.IsTutor ? v.UserId : null;
        return cohorts.Where(c =>
            (colegio != null && c.ColegioId == colegio) ||
            (dependencia != null && c.DependenciaId == dependencia) ||
            (tutor != null && c.TutorUserId == tutor));
    }

    public static IQueryable<Cohort> ManageableBy(this IQueryable<Cohort> cohorts, Viewer v) =>
        v.CanManage ? cohorts.VisibleTo(v with { IsTutor = false }) : cohorts.Where(_ => false);
}
