using Scari.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Enrollment;

public enum EnrollResult
{
    Enrolled, UnknownCourse, UnknownPerson, WrongAudience, MissingPrerequisites, AlreadyEnrolled,
    NotAllowed, UnknownEnrollment, AlreadyCompleted, Withdrawn,
}

public sealed record EnrollOutcome(EnrollResult Result, string Message, int? EnrollmentId = null)
{
    public bool Succeeded => Result is EnrollResult.Enrolled or EnrollResult.Withdrawn;
}

/// <summary>
/// Enrolls a person in the current version of a course (by themselves, by staff, or as a cohort member)
/// and withdraws enrollments. One active enrollment per person and course: the filtered unique index
/// IX_Enrollments_OneActive backs the check below against two requests racing.
/// </summary>
public sealed class EnrollPerson(ScariDbContext db, TimeProvider clock, AuditLog audit, CoursePrerequisites prerequisites, Mail.Notices notices)
{
    public const string AlreadyEnrolledMessage = "Ya está inscrito en este curso.";

    /// <summary>A learner enrolls themselves: the course must be for their audience and its prerequisites completed.</summary>
    public Task<EnrollOutcome> SelfAsync(int personId, string courseId, CancellationToken ct) =>
        EnrollAsync(personId, courseId, EnrollmentSource.Self, byUserId: null, cohortId: null, checkPrerequisites: true, ct);

    /// <summary>A coordinator or administrator enrolls a person of their scope (prerequisites are the staff's call).</summary>
    public async Task<EnrollOutcome> ByStaffAsync(CurrentAccount staff, int personId, string courseId, CancellationToken ct)
    {
        if (!staff.CanManage) return Fail(EnrollResult.NotAllowed);
        if (!await db.People.VisibleTo(staff).AnyAsync(p => p.Id == personId, ct)) return Fail(EnrollResult.UnknownPerson);
        return await EnrollAsync(personId, courseId, EnrollmentSource.Staff, staff.UserId, cohortId: null, checkPrerequisites: false, ct);
    }

    /// <summary>Why this person cannot enroll themselves in the course now, or null when they can.</summary>
    public async Task<EnrollOutcome?> RefusalAsync(int personId, string courseId, CancellationToken ct) =>
        (await CheckAsync(personId, courseId, checkPrerequisites: true, ct)).Refusal;

    private sealed record Checked(EnrollOutcome? Refusal, int VersionId, string Title, string Version);

    private async Task<Checked> CheckAsync(int personId, string courseId, bool checkPrerequisites, CancellationToken ct)
    {
        var course = await db.CourseVersions.AsNoTracking()
            .Where(v => v.CourseId == courseId && v.IsCurrent)
            .Select(v => new { v.Id, v.Title, v.Version, v.Audience })
            .SingleOrDefaultAsync(ct);
        if (course is null) return new(Fail(EnrollResult.UnknownCourse), 0, "", "");
        Checked Refuse(EnrollOutcome outcome) => new(outcome, course.Id, course.Title, course.Version);

        var person = await db.People.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new { p.Audience, p.AnonymizedUtc }).SingleOrDefaultAsync(ct);
        if (person is null || person.AnonymizedUtc is not null) return Refuse(Fail(EnrollResult.UnknownPerson));

        if (course.Audience is { } audience && audience != person.Audience)
            return Refuse(new(EnrollResult.WrongAudience, WrongAudienceMessage(course.Title, audience)));

        if (await db.Enrollments.AnyAsync(e => e.PersonId == personId && e.CourseId == courseId && e.WithdrawnUtc == null, ct))
            return Refuse(Fail(EnrollResult.AlreadyEnrolled));

        if (checkPrerequisites)
        {
            var required = prerequisites.Of(courseId);
            if (required.Count > 0)
            {
                var ids = required.Select(r => r.CourseId).ToList();
                var done = await db.Completions.Where(c => c.PersonId == personId && ids.Contains(c.CourseId))
                    .Select(c => c.CourseId).Distinct().ToListAsync(ct);
                var missing = required.Where(r => !done.Contains(r.CourseId)).Select(r => $"«{r.Title}»").ToList();
                if (missing.Count > 0)
                    return Refuse(new(EnrollResult.MissingPrerequisites,
                        $"Para inscribirse en «{course.Title}» primero debe terminar {string.Join(" y ", missing)}."));
            }
        }
        return new(null, course.Id, course.Title, course.Version);
    }

    internal async Task<EnrollOutcome> EnrollAsync(int personId, string courseId, EnrollmentSource source, string? byUserId,
        int? cohortId, bool checkPrerequisites, CancellationToken ct)
    {
        var course = await CheckAsync(personId, courseId, checkPrerequisites, ct);
        if (course.Refusal is not null) return course.Refusal;

        var enrollment = new Enrollment
        {
            PersonId = personId,
            CourseId = courseId,
            CourseVersionId = course.VersionId,
            CohortId = cohortId,
            Source = source,
            EnrolledByUserId = byUserId,
            EnrolledUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Enrollments.Add(enrollment);
        if (source != EnrollmentSource.Self)
        {
            audit.Record("enrollment.created", "Person", personId,
                $"Inscripción en {courseId} (versión {course.Version})" + (cohortId is null ? "" : $", cohorte {cohortId}"));
            await notices.EnrolledAsync(personId, courseId, course.Title, byUserId, ct); // the learner enrolled themselves knows
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (db.IsOn(ex, EnrollmentConfiguration.OneActiveIndex))
        {
            db.ChangeTracker.Clear();
            return Fail(EnrollResult.AlreadyEnrolled);
        }
        return new(EnrollResult.Enrolled, $"Inscripción realizada en «{course.Title}».", enrollment.Id);
    }

    /// <summary>Withdraws an active enrollment of the staff member's scope; the person may enroll again later.</summary>
    public async Task<EnrollOutcome> WithdrawAsync(CurrentAccount staff, int enrollmentId, CancellationToken ct)
    {
        var row = await db.Enrollments.ManageableBy(staff).Where(e => e.Id == enrollmentId)
            .Select(e => new { e.PersonId, e.CourseId, e.CompletedUtc, e.WithdrawnUtc }).SingleOrDefaultAsync(ct);
        if (row is null) return Fail(EnrollResult.UnknownEnrollment);
        if (row.WithdrawnUtc is not null) return new(EnrollResult.Withdrawn, "La inscripción ya estaba retirada.");
        if (row.CompletedUtc is not null) return Fail(EnrollResult.AlreadyCompleted);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Enrollments
            .Where(e => e.Id == enrollmentId && e.WithdrawnUtc == null && e.CompletedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.WithdrawnUtc, now), ct);
        if (changed == 0) return Fail(EnrollResult.AlreadyCompleted);
        audit.Record("enrollment.withdrawn", "Enrollment", enrollmentId, $"Retiro de {row.CourseId} (persona {row.PersonId})");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(EnrollResult.Withdrawn, "Inscripción retirada. La persona puede volver a inscribirse cuando quiera.");
    }

    /// <summary>Why a person of the other audience cannot enroll in a course meant for <paramref name="courseAudience"/>.</summary>
    internal static string WrongAudienceMessage(string courseTitle, Audience courseAudience) => courseAudience == Audience.Staff
        ? $"«{courseTitle}» es para servidores públicos; no admite inscripciones de estudiantes."
        : $"«{courseTitle}» es para estudiantes de los colegios; no admite inscripciones de servidores públicos.";

    private static EnrollOutcome Fail(EnrollResult result) => new(result, Message(result));

    public static string Message(EnrollResult result) => result switch
    {
        EnrollResult.Enrolled => "Inscripción realizada.",
        EnrollResult.UnknownCourse => "Ese curso no existe o no está publicado.",
        EnrollResult.UnknownPerson => "No encontramos a esa persona entre las que usted puede inscribir.",
        EnrollResult.WrongAudience => "Este curso no es para el público de esa persona.",
        EnrollResult.MissingPrerequisites => "Primero debe terminar los cursos previos.",
        EnrollResult.AlreadyEnrolled => AlreadyEnrolledMessage,
        EnrollResult.NotAllowed => "Su cuenta no puede inscribir personas. Pida ayuda a un coordinador.",
        EnrollResult.UnknownEnrollment => "No encontramos esa inscripción entre las que usted puede gestionar.",
        EnrollResult.AlreadyCompleted => "Esa inscripción ya terminó el curso: no se puede retirar.",
        EnrollResult.Withdrawn => "Inscripción retirada.",
        _ => "No se pudo completar la inscripción.",
    };
}
