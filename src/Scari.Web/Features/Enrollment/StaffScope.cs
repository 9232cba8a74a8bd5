using Scari.Web.Features.Accounts;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Enrollment;

/// <summary>
/// Scoping of enrollment data by the request's <see cref="CurrentAccount"/>: an administrator sees everything, a
/// coordinator the people of their colegio or dependencia, a tutor the cohorts they lead. Everything else sees nothing.
/// </summary>
public static class StaffScope
{
    /// <summary>People a viewer may enroll: the people feature's scope (an administrator everyone, a coordinator their own).</summary>
    public static IQueryable<Person> VisibleTo(this IQueryable<Person> people, CurrentAccount v) => people.VisibleTo(v.Staff);

    public static IQueryable<Enrollment> VisibleTo(this IQueryable<Enrollment> enrollments, CurrentAccount v)
    {
        string? tutor = v.IsTutor ? v.UserId : null;
        return enrollments.Where(v.Staff.Covers<Enrollment>(e => e.Person,
            e => tutor != null && e.Cohort != null && e.Cohort.TutorUserId == tutor));
    }

    /// <summary>Enrollments the viewer may change (withdraw, enroll): tutors only follow, they do not manage.</summary>
    public static IQueryable<Enrollment> ManageableBy(this IQueryable<Enrollment> enrollments, CurrentAccount v) =>
        v.CanManage ? enrollments.VisibleTo(v with { IsTutor = false }) : enrollments.Where(_ => false);

    public static IQueryable<Cohort> VisibleTo(this IQueryable<Cohort> cohorts, CurrentAccount v)
    {
        var people = v.Staff;
        if (people.Everyone) return cohorts;
        int? colegio = people.ColegioId, dependencia = people.DependenciaId;
        string? tutor = v.IsTutor ? v.UserId : null;
        return cohorts.Where(c =>
            (colegio != null && c.ColegioId == colegio) ||
            (dependencia != null && c.DependenciaId == dependencia) ||
            (tutor != null && c.TutorUserId == tutor));
    }

    public static IQueryable<Cohort> ManageableBy(this IQueryable<Cohort> cohorts, CurrentAccount v) =>
        v.CanManage ? cohorts.VisibleTo(v with { IsTutor = false }) : cohorts.Where(_ => false);

    /// <summary>
    /// The current courses a viewer works with (<see cref="CurrentAccount.WorkAudience"/>): a coordinator of a colegio
    /// is offered youth courses only, one of a dependencia staff courses only, so no list offers a course that
    /// enrolling would then refuse. Courses for both audiences are offered to everyone.
    /// </summary>
    public static IQueryable<Courses.CourseVersion> OfferedTo(this IQueryable<Courses.CourseVersion> versions, CurrentAccount v)
    {
        var audience = v.WorkAudience;
        return versions.Where(c => c.IsCurrent && (audience == null || c.Audience == null || c.Audience == audience));
    }
}
