using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Learning;
using Scari.Web.Features.Indicators;

namespace Scari.Web.Features.InPerson;

// Over 300 lines on purpose: sessions, attendance and the completions it makes are one transaction each, whose
// rules (one completion per person and activity, voiding, scope, notices and surveys) read best together.

/// <summary>In-person sessions and their attendance. Attendance marked as completed becomes a Completion (Source = InPerson), once.</summary>
public sealed class InPersonTraining(ScariDbContext db, AuditLog audit, TimeProvider clock, Mail.Notices notices, Surveys.LearnerSurveys surveys)
{
    /// <summary>
    /// Completions of a session held at most this many days ago invite to the course's surveys; older attendance (a
    /// list typed in late, past training) asks nobody about a day they hardly remember.
    /// </summary>
    public const int SurveyWindowDays = 30;

    /// <summary>In the caller's unit of work: the survey invitations of the people who just completed this session, if any are due.</summary>
    public static async Task QueueSurveyInvitationsAsync(Surveys.LearnerSurveys surveys, TrainingSession session, IReadOnlyCollection<int> completed,
        DateOnly today, CancellationToken ct)
    {
        if (session.CourseId is not { } courseId || completed.Count == 0 || session.Date < today.AddDays(-SurveyWindowDays)) return;
        await surveys.QueueInPersonInvitationsAsync(courseId, completed, CompletionTime(session.Date), ct);
    }

    /// <summary>What completions of an external activity carry as CourseId: stable for the same name.</summary>
    public static string ActivityKey(string? courseId, string name)
    {
        if (!string.IsNullOrWhiteSpace(courseId)) return courseId.Trim();
        var slug = new StringBuilder("actividad-");
        var dash = false;
        foreach (var ch in name.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(ch)) { slug.Append(ch); dash = false; }
            else if (!dash && slug.Length > 10) { slug.Append('-'); dash = true; }
        }
        var key = slug.ToString().TrimEnd('-');
        return key.Length > 120 ? key[..120] : key;
    }

    /// <summary>The time an in-person completion is stamped with: midday of the session's day in Bogotá.</summary>
    public static DateTime CompletionTime(DateOnly date) => Bogota.StartOfDayUtc(date).AddHours(12);

    public async Task<(TrainingSession? Session, List<string> Errors)> CreateSessionAsync(SessionInput input, CancellationToken ct)
    {
        var errors = new List<string>();
        var courseId = string.IsNullOrWhiteSpace(input.CourseId) ? null : input.CourseId.Trim();
        var name = input.Name?.Trim() ?? "";
        if (courseId is not null)
        {
            var title = await db.CourseVersions.AsNoTracking().Where(v => v.CourseId == courseId && v.IsCurrent).Select(v => v.Title).FirstOrDefaultAsync(ct);
            if (title is null) errors.Add("El curso elegido no existe en el catálogo: elija otro o escriba el nombre de una actividad externa.");
            else if (name.Length == 0) name = title;
        }
        else if (name.Length == 0) errors.Add("Elija un curso del catálogo o escriba el nombre de la actividad.");
        if (name.Length > 200) errors.Add("El nombre de la actividad es demasiado largo: use como máximo 200 caracteres.");
        if (input.Date is null) errors.Add("Escriba la fecha de la sesión.");
        if (input.Hours is null or < 1 or > 200) errors.Add("Las horas deben ser un número entero entre 1 y 200.");
        if (string.IsNullOrWhiteSpace(input.TutorName)) errors.Add("Escriba el nombre de quien dictó la sesión.");
        errors.AddRange(ScheduleErrors(input.StartTime, input.EndTime, input.Place));
        if (input.CohortId is { } cohortId)
        {
            var cohortCourse = await db.Cohorts.AsNoTracking().Where(c => c.Id == cohortId).Select(c => c.CourseId).FirstOrDefaultAsync(ct);
            if (cohortCourse is null) errors.Add("La cohorte elegida no existe: elija una de la lista o «Ninguna».");
            else if (courseId is not null && cohortCourse != courseId)
                errors.Add("La cohorte elegida toma otro curso: elija la cohorte del curso de la sesión, o ninguna.");
        }
        if (errors.Count > 0) return (null, errors);

        var session = new TrainingSession
        {
            CourseId = courseId,
            Name = name,
            ActivityKey = ActivityKey(courseId, name),
            Date = input.Date!.Value,
            Hours = input.Hours!.Value,
            TutorName = input.TutorName!.Trim(),
            TutorUserId = input.TutorUserId,
            IndicatorId = string.IsNullOrWhiteSpace(input.IndicatorId) ? null : input.IndicatorId,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            StartTime = input.StartTime,
            EndTime = input.EndTime,
            Place = string.IsNullOrWhiteSpace(input.Place) ? null : input.Place.Trim(),
            CohortId = input.CohortId,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.TrainingSessions.Add(session);
        await db.SaveChangesAsync(ct);
        audit.Record("training-session.created", "TrainingSession", session.Id,
            $"{session.Name}, {session.Date:yyyy-MM-dd}, {session.Hours} h, indicador {session.IndicatorId ?? "ninguno"}"
            + (session.CohortId is { } c ? $", cohorte {c}" : ""));
        // A session scheduled ahead invites its cohort; one recorded after the fact tells nobody.
        if (IsAhead(session)) await notices.SessionAsync(session, Mail.Notices.SessionChange.Scheduled, [], ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (session, errors);
    }

    private bool IsAhead(TrainingSession s) => s.CohortId is not null && s.Date >= Bogota.Today(clock);

    private static IEnumerable<string> ScheduleErrors(TimeOnly? start, TimeOnly? end, string? place)
    {
        if (start is null != end is null) yield return "Escriba la hora de inicio y la de fin, o deje las dos vacías.";
        else if (start is { } s && end is { } e && e <= s) yield return "La hora de fin debe ser posterior a la de inicio.";
        if (place is { Length: > 200 }) yield return "El lugar admite hasta 200 caracteres.";
    }

    /// <summary>
    /// Changes the date, the times or the place of a session. When something changed, SEQUENCE goes up by one and, for a
    /// session still ahead, each invited member gets the change with the updated .ics, all in one transaction.
    /// Returns Spanish messages when refused.
    /// </summary>
    public async Task<List<string>> RescheduleAsync(int sessionId, ScheduleInput input, CancellationToken ct)
    {
        var session = await db.TrainingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct)
            ?? throw new InvalidOperationException("La sesión no existe.");
        var errors = new List<string>();
        if (session.CancelledUtc is not null) errors.Add("La sesión está cancelada: no se puede cambiar.");
        if (input.Date is null) errors.Add("Escriba la fecha de la sesión.");
        errors.AddRange(ScheduleErrors(input.StartTime, input.EndTime, input.Place));
        if (errors.Count > 0) return errors;

        var place = string.IsNullOrWhiteSpace(input.Place) ? null : input.Place.Trim();
        var changes = new List<string>();
        if (session.Date != input.Date!.Value)
            changes.Add($"la fecha pasa del {Bogota.FormatDate(session.Date)} al {Bogota.FormatDate(input.Date.Value)}");
        if (session.StartTime != input.StartTime || session.EndTime != input.EndTime)
            changes.Add(input.StartTime is { } s && input.EndTime is { } e ? $"el horario es ahora de {SessionText.Time(s)} a {SessionText.Time(e)}" : "ya no tiene un horario fijo");
        if (session.Place != place) changes.Add(place is null ? "ya no indica lugar" : $"el lugar es ahora {place}");
        if (changes.Count == 0) return ["No cambió nada: la fecha, el horario y el lugar son los mismos."];

        session.Date = input.Date.Value;
        session.StartTime = input.StartTime;
        session.EndTime = input.EndTime;
        session.Place = place;
        session.Sequence++;
        session.ScheduleChangedUtc = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        audit.Record("training-session.rescheduled", "TrainingSession", session.Id, string.Join("; ", changes));
        if (IsAhead(session)) await notices.SessionAsync(session, Mail.Notices.SessionChange.Changed, changes, ct);
        if (!await SaveScheduleAsync(ct)) return [ConcurrentChange];
        await tx.CommitAsync(ct);
        return [];
    }

    /// <summary>Cancels a session that has no attendance yet; each invited member of a session ahead gets the cancellation (.ics CANCEL).</summary>
    public async Task<List<string>> CancelAsync(int sessionId, CancellationToken ct)
    {
        var session = await db.TrainingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct)
            ?? throw new InvalidOperationException("La sesión no existe.");
        if (session.CancelledUtc is not null) return ["La sesión ya estaba cancelada."];
        if (await db.Attendances.AnyAsync(a => a.SessionId == sessionId && a.Attended, ct))
            return ["La sesión ya tiene asistencia registrada: no se puede cancelar. Desmarque la asistencia primero si fue un error."];
        session.CancelledUtc = clock.GetUtcNow().UtcDateTime;
        session.ScheduleChangedUtc = session.CancelledUtc;
        session.Sequence++;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        audit.Record("training-session.cancelled", "TrainingSession", session.Id, $"{session.Name}, {session.Date:yyyy-MM-dd}");
        if (IsAhead(session)) await notices.SessionAsync(session, Mail.Notices.SessionChange.Cancelled, [], ct);
        if (!await SaveScheduleAsync(ct)) return [ConcurrentChange];
        await tx.CommitAsync(ct);
        return [];
    }

    private const string ConcurrentChange = "Alguien cambió esta sesión al mismo tiempo: vuelva a abrirla y repita el cambio.";

    /// <summary>Two changes of one session at once: SEQUENCE is a concurrency token, and the (session, SEQUENCE, person) notice key is unique.</summary>
    private async Task<bool> SaveScheduleAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || db.IsOn<Mail.OutboxMessage>(ex, nameof(Mail.OutboxMessage.DedupKey)))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>The accounts in the Tutor role, by full name: whom an administrator can hand a session to.</summary>
    public Task<List<TutorAccount>> TutorAccountsAsync(CancellationToken ct) =>
        Tutors().OrderBy(u => u.FullName).ThenBy(u => u.Email).ThenBy(u => u.Id)
            .Select(u => new TutorAccount(u.Id, u.FullName, u.Email)).ToListAsync(ct);

    /// <summary>Any account by id (in the Tutor role or not any more), as the session page names the one that follows it.</summary>
    public Task<TutorAccount?> AccountAsync(string userId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new TutorAccount(u.Id, u.FullName, u.Email)).FirstOrDefaultAsync(ct);

    private IQueryable<ScariUser> Tutors() => db.UsersInRole(Roles.Tutor).AsNoTracking();

    /// <summary>
    /// Hands a session to a tutor account, so that tutor lists, opens and records it, or to none (null or empty).
    /// Only accounts in the Tutor role qualify. The free-text tutor name stays as typed, unless it is empty: then it
    /// takes the account's full name. Returns a Spanish message when refused; else the account that now follows the
    /// session (null for none), whether it changed or already was so.
    /// </summary>
    public async Task<(string? Error, TutorAccount? Tutor)> AssignTutorAsync(int sessionId, string? tutorUserId, CancellationToken ct)
    {
        var session = await db.TrainingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct)
            ?? throw new InvalidOperationException("La sesión no existe.");
        TutorAccount? tutor = null;
        if (!string.IsNullOrWhiteSpace(tutorUserId))
        {
            tutor = await Tutors().Where(u => u.Id == tutorUserId)
                .Select(u => new TutorAccount(u.Id, u.FullName, u.Email)).FirstOrDefaultAsync(ct);
            if (tutor is null) return ("La cuenta elegida no tiene el rol Tutor: elija una cuenta de la lista o «Ninguna cuenta».", null);
        }
        if (session.TutorUserId == tutor?.UserId) return (null, tutor);

        var before = session.TutorUserId is not { } oldId ? "ninguna"
            : (await AccountAsync(oldId, ct))?.Label ?? $"cuenta {oldId} (ya no existe)";
        session.TutorUserId = tutor?.UserId;
        var summary = $"Cuenta que sigue la sesión: {before} → {tutor?.Label ?? "ninguna"}";
        if (tutor is not null && string.IsNullOrWhiteSpace(session.TutorName))
        {
            session.TutorName = tutor.FullName.Length > 200 ? tutor.FullName[..200] : tutor.FullName;
            summary += $"; nombre del tutor «{session.TutorName}»";
        }
        audit.Record("training-session.tutor-assigned", "TrainingSession", session.Id, summary);
        await db.SaveChangesAsync(ct); // the change and its audit entry in one SaveChanges
        return (null, tutor);
    }

    /// <summary>
    /// Records attendance for several people of one session in one transaction. Returns Spanish messages for the rows
    /// that could not change (a completion that already has a certificate cannot be undone here).
    /// </summary>
    public async Task<List<string>> RecordAsync(int sessionId, IReadOnlyList<AttendanceMark> marks, CancellationToken ct)
    {
        var problems = new List<string>();
        var session = await db.TrainingSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct)
            ?? throw new InvalidOperationException("La sesión no existe.");
        if (session.CancelledUtc is not null) return ["La sesión está cancelada: no admite asistencia."];
        var ids = marks.Select(m => m.PersonId).Distinct().ToList();
        var known = await db.People.Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        var existing = await db.Attendances.Include(a => a.Completion)
            .Where(a => a.SessionId == sessionId && ids.Contains(a.PersonId)).ToDictionaryAsync(a => a.PersonId, ct);
        var completionIds = existing.Values.Where(a => a.CompletionId != null).Select(a => a.CompletionId!.Value).ToList();
        var certified = await db.Certificates
            .Where(c => completionIds.Contains(c.CompletionId)).Select(c => c.CompletionId).ToListAsync(ct);
        var currentVersion = session.CourseId is null ? null
            : await db.CourseVersions.Where(v => v.CourseId == session.CourseId && v.IsCurrent).Select(v => (int?)v.Id).FirstOrDefaultAsync(ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = 0;
        var newlyCompleted = new List<int>();
        foreach (var mark in marks.DistinctBy(m => m.PersonId))
        {
            if (!known.Contains(mark.PersonId)) { problems.Add($"La persona {mark.PersonId} no existe."); continue; }
            var completed = mark.Completed && mark.Attended;
            if (!existing.TryGetValue(mark.PersonId, out var attendance))
            {
                attendance = new Attendance { SessionId = sessionId, PersonId = mark.PersonId, RecordedUtc = now };
                db.Attendances.Add(attendance);
            }
            else if (attendance.Attended == mark.Attended && attendance.Completed == completed) continue;

            if (!completed && attendance.Completion is { } old)
            {
                if (old.VoidedUtc is not null)
                {
                    problems.Add($"El registro de la persona {mark.PersonId} está anulado: se conserva como constancia de la anulación y no se desmarca.");
                    continue;
                }
                if (certified.Contains(old.Id))
                {
                    problems.Add($"La finalización de la persona {mark.PersonId} ya tiene certificado: revóquelo antes de desmarcarla.");
                    continue;
                }
                attendance.Completion = null;
                db.Completions.Remove(old);
            }
            if (completed && attendance.Completion is null)
            {
                attendance.Completion = new Completion
                {
                    PersonId = mark.PersonId,
                    CourseId = session.ActivityKey,
                    CourseVersionId = currentVersion,
                    Source = CompletionSource.InPerson,
                    CompletedUtc = CompletionTime(session.Date),
                    Hours = session.Hours,
                };
                newlyCompleted.Add(mark.PersonId);
            }
            attendance.Attended = mark.Attended;
            attendance.Completed = completed;
            attendance.RecordedUtc = now;
            changed++;
        }
        if (changed > 0)
        {
            audit.Record("attendance.recorded", "TrainingSession", sessionId,
                $"{changed} registro(s): {string.Join(", ", marks.Select(m => $"{m.PersonId}:{(m.Attended ? "asistió" : "no asistió")}{(m.Completed && m.Attended ? "+completó" : "")}"))}");
            await QueueSurveyInvitationsAsync(surveys, session, newlyCompleted, Bogota.Today(clock), ct);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return problems;
    }
}

/// <summary>
/// Which in-person sessions an account may list, open and change: an administrator every one; anyone else (a tutor)
/// only the sessions recorded under their own account (<see cref="TrainingSession.TutorUserId"/>). Read from the
/// database on each request through <see cref="CurrentAccount"/>, so a change of role applies at once.
/// </summary>
public static class SessionScope
{
    public static IQueryable<TrainingSession> VisibleTo(this IQueryable<TrainingSession> sessions, CurrentAccount account)
    {
        if (account.IsAdministrator) return sessions;
        var userId = account.UserId;
        return sessions.Where(s => s.TutorUserId == userId);
    }

    /// <summary>
    /// The TutorUserId of a session this account creates, by hand or by import. A tutor's own account, so the session is
    /// in their list. An administrator's sessions stay without one: they record them for whoever taught (the free-text
    /// tutor name), every administrator sees them anyway, and tying them to the admin would hand them to that account
    /// if it ever became a plain tutor. An administrator who is also a tutor owns them, as the form always did.
    /// </summary>
    public static string? OwnerOfNewSession(this CurrentAccount account) =>
        account.IsTutor || !account.IsAdministrator ? account.UserId : null;
}

/// <summary>An account in the Tutor role, as the session page offers it: full name and e-mail.</summary>
public sealed record TutorAccount(string UserId, string FullName, string? Email)
{
    public string Label => Email is { Length: > 0 } ? $"{FullName} ({Email})" : FullName;
}

public sealed record AttendanceMark(int PersonId, bool Attended, bool Completed);

public sealed class SessionInput
{
    public string? CourseId { get; set; }
    public string? Name { get; set; }
    public DateOnly? Date { get; set; }
    public int? Hours { get; set; }
    public string? TutorName { get; set; }
    public string? TutorUserId { get; set; }
    public string? IndicatorId { get; set; }
    public TimeOnly? StartTime { get; set; }
    public TimeOnly? EndTime { get; set; }
    public string? Place { get; set; }
    /// <summary>The cohort invited to the session (its members get the notices), or null.</summary>
    public int? CohortId { get; set; }
}

public sealed class ScheduleInput
{
    public DateOnly? Date { get; set; }
    public TimeOnly? StartTime { get; set; }
    public TimeOnly? EndTime { get; set; }
    public string? Place { get; set; }
}
