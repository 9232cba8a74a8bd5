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

    /// <summary>The shared account scope (<see cref="ScopedAccount"/>), seen by enrollment.</summary>
    public static async Task<Viewer?> LoadAsync(ScariDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        await ScopedAccount.LoadAsync(db, user, ct) is { } a ? Of(a) : null;

    public static Viewer Of(ScopedAccount a) => new(a.UserId, a.IsAdministrator, a.IsCoordinator, a.IsTutor, a.ColegioId, a.DependenciaId, a.PersonId);

    /// <summary>The people this viewer works on: the people feature's scope without the viewer's own person.</summary>
    public PeopleScope People => new ScopedAccount(UserId, IsAdmin, IsCoordinator, IsTutor, ColegioId, DependenciaId, PersonId).Staff;
}

/// <summary>
/// Scoping of enrollment data: an administrator sees everything, a coordinator the people of their colegio or
/// dependencia, a tutor the cohorts they lead. Everything else sees nothing.
/// </summary>
public static class StaffScope
{
    /// <summary>People a viewer may enroll: the people feature's scope (an administrator everyone, a coordinator their own).</summary>
    public static IQueryable<Person> VisibleTo(this IQueryable<Person> people, Viewer v) => people.VisibleTo(v.People);

    public static IQueryable<Enrollment> VisibleTo(this IQueryable<Enrollment> enrollments, Viewer v)
    {
        string? tutor = v.IsTutor ? v.UserId : null;
        return enrollments.Where(v.People.Covers<Enrollment>(e => e.Person,
            e => tutor != null && e.Cohort != null && e.Cohort.TutorUserId == tutor));
    }

    /// <summary>Enrollments the viewer may change (withdraw, enroll): tutors only follow, they do not manage.</summary>
    public static IQueryable<Enrollment> ManageableBy(this IQueryable<Enrollment> enrollments, Viewer v) =>
        v.CanManage ? enrollments.VisibleTo(v with { IsTutor = false }) : enrollments.Where(_ => false);

    public static IQueryable<Cohort> VisibleTo(this IQueryable<Cohort> cohorts, Viewer v)
    {
        var people = v.People;
        if (people.Everyone) return cohorts;
        int? colegio = people.ColegioId, dependencia = people.DependenciaId;
        string? tutor = v.IsTutor ? v.UserId : null;
        return cohorts.Where(c =>
            (colegio != null && c.ColegioId == colegio) ||
            (dependencia != null && c.DependenciaId == dependencia) ||
            (tutor != null && c.TutorUserId == tutor));
    }

    public static IQueryable<Cohort> ManageableBy(this IQueryable<Cohort> cohorts, Viewer v) =>
        v.CanManage ? cohorts.VisibleTo(v with { IsTutor = false }) : cohorts.Where(_ => false);
}
