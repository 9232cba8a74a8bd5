using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Admin;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Enrollment;

public sealed record CohortDraft(string Name, string CourseId, DateOnly StartDate, DateOnly EndDate,
    string? TutorUserId, int? ColegioId, int? DependenciaId);

public sealed record CohortCreated(int? CohortId, IReadOnlyList<string> Errors);

public sealed record MembersAdded(int Added, IReadOnlyList<string> Problems);

/// <summary>Cohorts: a named group taking one course with dates and a tutor. Members are the cohort's enrollments.</summary>
public sealed class Cohorts(ScariDbContext db, TimeProvider clock, AuditLog audit, Mail.Notices notices)
{
    public async Task<CohortCreated> CreateAsync(CurrentAccount staff, CohortDraft draft, CancellationToken ct)
    {
        if (!staff.CanManage) return new(null, [EnrollPerson.Message(EnrollResult.NotAllowed)]);
        var errors = new List<string>();
        var name = draft.Name.Trim();
        if (name.Length == 0) errors.Add("Escriba el nombre de la cohorte, por ejemplo «SIGOB marzo 2026».");
        else if (name.Length > 150) errors.Add("El nombre de la cohorte admite hasta 150 caracteres.");
        if (draft.EndDate < draft.StartDate) errors.Add("La fecha de fin debe ser igual o posterior a la de inicio.");
        if (!await db.CourseVersions.OfferedTo(staff).AnyAsync(v => v.CourseId == draft.CourseId, ct))
            errors.Add(await db.CourseVersions.AnyAsync(v => v.CourseId == draft.CourseId && v.IsCurrent, ct)
                ? "Ese curso no es para las personas de su " + (staff.ColegioId is not null ? "colegio: elija un curso para estudiantes." : "dependencia: elija un curso para servidores públicos.")
                : "Elija un curso publicado.");
        if (draft.TutorUserId is { Length: > 0 } tutor && !await IsTutorAsync(tutor, ct))
            errors.Add("La persona elegida como tutor no tiene el rol Tutor.");

        // A coordinator's cohort belongs to their own colegio or dependencia, whatever the form says.
        var colegio = staff.IsAdministrator ? draft.ColegioId : staff.ColegioId;
        var dependencia = staff.IsAdministrator ? draft.DependenciaId : (staff.ColegioId is null ? staff.DependenciaId : null);
        if (!staff.IsAdministrator && colegio is null && dependencia is null)
            errors.Add("Su cuenta de coordinador no tiene colegio ni dependencia asignados. Pida a un administrador que los asigne.");
        if (colegio is not null && dependencia is not null)
            errors.Add("Una cohorte pertenece a un colegio o a una dependencia, no a ambos.");
        if (colegio is not null && !await db.Colegios.AnyAsync(c => c.Id == colegio, ct)) errors.Add("Elija un colegio de la lista.");
        if (dependencia is not null && !await db.Dependencias.AnyAsync(d => d.Id == dependencia, ct)) errors.Add("Elija una dependencia de la lista.");
        if (name.Length > 0 && await db.Cohorts.AnyAsync(c => c.Name == name, ct)) errors.Add(NameTaken(name));
        if (errors.Count > 0) return new(null, errors);

        var cohort = new Cohort
        {
            Name = name,
            CourseId = draft.CourseId,
            StartDate = draft.StartDate,
            EndDate = draft.EndDate,
            TutorUserId = draft.TutorUserId is { Length: > 0 } t ? t : null,
            ColegioId = colegio,
            DependenciaId = dependencia,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Cohorts.Add(cohort);
        audit.Record("cohort.created", "Cohort", name, $"Cohorte «{name}» del curso {draft.CourseId}, {draft.StartDate:yyyy-MM-dd} a {draft.EndDate:yyyy-MM-dd}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (db.IsOn<Cohort>(ex, nameof(Cohort.Name)))
        {
            db.ChangeTracker.Clear();
            return new(null, [NameTaken(name)]);
        }
        return new(cohort.Id, []);
    }

    /// <summary>
    /// The cohort's reminders, in days (null: as the course says; 0: none for this cohort). Returns Spanish messages when refused.
    /// </summary>
    public async Task<List<string>> SetRemindersAsync(CurrentAccount staff, int cohortId, int? notStarted, int? stalled, int? closing, CancellationToken ct)
    {
        var errors = new List<string>();
        foreach (var (days, what) in new[] { (notStarted, "sin empezar"), (stalled, "sin avance"), (closing, "antes del cierre") })
            if (days is < 0 or > 365) errors.Add($"Los días del recordatorio «{what}» deben ser un número entero entre 0 y 365 (0: ninguno), o vacío para seguir al curso.");
        if (errors.Count > 0) return errors;
        var cohort = await db.Cohorts.ManageableBy(staff).FirstOrDefaultAsync(c => c.Id == cohortId, ct);
        if (cohort is null) return ["No encontramos esa cohorte entre las que usted gestiona."];
        cohort.RemindNotStartedDays = notStarted;
        cohort.RemindStalledDays = stalled;
        cohort.RemindClosingDays = closing;
        static string Text(int? d) => d is null ? "como el curso" : d == 0 ? "ninguno" : $"{d} días";
        audit.Record("cohort.reminders", "Cohort", cohortId, $"Recordatorios: sin empezar {Text(notStarted)}, sin avance {Text(stalled)}, cierre {Text(closing)}");
        await db.SaveChangesAsync(ct);
        return [];
    }

    private static string NameTaken(string name) => $"Ya existe una cohorte llamada «{name}»: elija otro nombre.";

    private Task<bool> IsTutorAsync(string userId, CancellationToken ct) =>
        db.UsersInRole(Roles.Tutor).AnyAsync(u => u.Id == userId, ct);

    /// <summary>Enrolls each chosen person of the staff member's scope in the cohort's course, as a cohort member.
    /// A person already enrolled in the course (outside any cohort) joins the cohort with their enrollment.
    /// Set-based: a fixed number of queries and one transaction whatever the number of people, so a class of 1,000
    /// is added at once or not at all.</summary>
    public async Task<MembersAdded> AddMembersAsync(CurrentAccount staff, int cohortId, IReadOnlyCollection<int> personIds, CancellationToken ct)
    {
        var cohort = await db.Cohorts.ManageableBy(staff).AsNoTracking().Where(c => c.Id == cohortId)
            .Select(c => new CohortKey(c.Id, c.CourseId, c.Name)).SingleOrDefaultAsync(ct);
        if (cohort is null) return new(0, ["No encontramos esa cohorte entre las que usted gestiona."]);
        if (personIds.Count == 0) return new(0, ["Marque al menos una persona para agregar."]);
        var course = await db.CourseVersions.AsNoTracking().Where(v => v.CourseId == cohort.CourseId && v.IsCurrent)
            .Select(v => new CourseKey(v.Id, v.Title, v.Version, v.Audience)).SingleOrDefaultAsync(ct);
        if (course is null) return new(0, [EnrollPerson.Message(EnrollResult.UnknownCourse)]);

        var ids = personIds.Distinct().ToList();
        var people = await db.People.VisibleTo(staff).AsNoTracking().Where(p => ids.Contains(p.Id) && p.AnonymizedUtc == null)
            .Select(p => new Candidate(p.Id, (p.GivenNames + " " + p.FamilyNames).Trim(), p.Audience)).ToListAsync(ct);
        var problems = new List<string>();
        if (people.Count < ids.Count)
            problems.Add("Algunas personas elegidas no están entre las que usted puede inscribir; no se agregaron.");
        if (course.Audience is { } audience)
            foreach (var p in people.Where(p => p.Audience != audience))
                problems.Add($"{p.Name}: {EnrollPerson.WrongAudienceMessage(course.Title, audience)}");
        var eligible = people.Where(p => course.Audience is null || course.Audience == p.Audience).ToList();
        if (eligible.Count == 0) return new(0, problems);

        // Two requests adding the same person race on IX_Enrollments_OneActive: the loser runs once more and then
        // sees the winner's enrollment like any other.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AddInOneTransactionAsync(staff, cohort, course, eligible, problems, ct);
            }
            catch (DbUpdateException ex) when (attempt == 1 && db.IsOn(ex, EnrollmentConfiguration.OneActiveIndex))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private sealed record CohortKey(int Id, string CourseId, string Name);
    private sealed record CourseKey(int VersionId, string Title, string Version, Audience? Audience);
    private sealed record Candidate(int Id, string Name, Audience Audience);

    private async Task<MembersAdded> AddInOneTransactionAsync(CurrentAccount staff, CohortKey cohort, CourseKey course,
        IReadOnlyList<Candidate> people, IReadOnlyList<string> earlierProblems, CancellationToken ct)
    {
        var problems = earlierProblems.ToList();
        var ids = people.Select(p => p.Id).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.Enrollments
            .Where(e => ids.Contains(e.PersonId) && e.CourseId == cohort.CourseId && e.WithdrawnUtc == null)
            .Select(e => new { e.Id, e.PersonId, e.CohortId }).ToDictionaryAsync(e => e.PersonId, ct);

        var joining = existing.Values.Where(e => e.CohortId is null).ToList();
        if (joining.Count > 0)
        {
            var joiningIds = joining.Select(e => e.Id).ToList();
            await db.Enrollments.Where(e => joiningIds.Contains(e.Id) && e.CohortId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.CohortId, cohort.Id), ct);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var added = 0;
        var enrolled = new List<int>();
        foreach (var person in people)
        {
            if (existing.TryGetValue(person.Id, out var enrollment))
            {
                if (enrollment.CohortId is null)
                {
                    audit.Record("cohort.member_added", "Person", person.Id, $"Agregada a la cohorte «{cohort.Name}» con su inscripción {enrollment.Id}");
                    added++;
                }
                else if (enrollment.CohortId != cohort.Id)
                    problems.Add($"{person.Name} ya está inscrito en este curso con otra cohorte.");
                continue;
            }
            db.Enrollments.Add(new Enrollment
            {
                PersonId = person.Id,
                CourseId = cohort.CourseId,
                CourseVersionId = course.VersionId,
                CohortId = cohort.Id,
                Source = EnrollmentSource.Cohort,
                EnrolledByUserId = staff.UserId,
                EnrolledUtc = now,
            });
            audit.Record("enrollment.created", "Person", person.Id, $"Inscripción en {cohort.CourseId} (versión {course.Version}), cohorte {cohort.Id}");
            enrolled.Add(person.Id);
            added++;
        }
        // Only the newly enrolled: someone who joins the cohort with their own enrollment already knows the course.
        await notices.EnrolledManyAsync(enrolled, cohort.CourseId, course.Title, staff.UserId, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(added, problems);
    }
}
