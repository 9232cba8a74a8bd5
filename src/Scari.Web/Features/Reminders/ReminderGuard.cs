using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Mail;

namespace Scari.Web.Features.Reminders;

/// <summary>
/// The last look at a reminder when it leaves: it may have waited in the outbox (the mail server down, retries) while
/// the person completed the course, withdrew, was anonymized or opted out, or, for «sin empezar» and «sin avance»,
/// started or made progress. Such a
/// reminder is Anulado with the reason, never sent. A digest is not sent to a coordinator who opted out meanwhile.
/// One guard per kind (<see cref="IOutboxGuard"/> is looked up by the message's kind).
/// </summary>
public class ReminderGuard(ScariDbContext db, string kind) : IOutboxGuard
{
    public string Kind => $"recordatorio.{kind}";

    public async Task<string?> ReasonNotToSendAsync(OutboxMessage message, CancellationToken ct)
    {
        // recordatorio:{kind}:{enrollment id or coordinator's user id}:{occurrence}
        var parts = (message.DedupKey ?? "").Split(':');
        if (parts.Length < 4) return null;
        if (kind == ReminderKinds.Digest)
        {
            var userId = parts[2];
            return await db.Users.AnyAsync(u => u.Id == userId && u.DigestOptOutUtc == null, ct)
                ? null : "No se envió: quien coordina pidió no recibir el resumen semanal o su cuenta ya no existe.";
        }
        if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var enrollmentId)) return null;
        var e = await db.Enrollments.AsNoTracking().Where(x => x.Id == enrollmentId)
            .Select(x => new { x.PersonId, x.CourseId, x.CompletedUtc, x.WithdrawnUtc, x.Person.AnonymizedUtc, x.Person.Email, x.Person.RemindersOptOutUtc })
            .SingleOrDefaultAsync(ct);
        if (e is null) return "No se envió: la inscripción ya no existe.";
        if (e.CompletedUtc is not null || await db.Completions.AnyAsync(c => c.PersonId == e.PersonId && c.CourseId == e.CourseId, ct))
            return "No se envió: la persona ya terminó el curso.";
        if (e.WithdrawnUtc is not null) return "No se envió: la persona se retiró del curso.";
        if (e.AnonymizedUtc is not null || string.IsNullOrWhiteSpace(e.Email)) return "No se envió: la persona fue anonimizada o ya no tiene correo.";
        if (e.RemindersOptOutUtc is not null) return "No se envió: la persona pidió no recibir recordatorios.";
        if (kind == ReminderKinds.NotStarted && (await db.LessonProgress.AnyAsync(p => p.EnrollmentId == enrollmentId, ct)
                || await db.QuizAttempts.AnyAsync(a => a.EnrollmentId == enrollmentId, ct)))
            return "No se envió: la persona ya empezó el curso.";
        if (kind == ReminderKinds.Stalled && (await db.LessonProgress.AnyAsync(p => p.EnrollmentId == enrollmentId && p.CompletedUtc > message.CreatedUtc, ct)
                || await db.QuizAttempts.AnyAsync(a => a.EnrollmentId == enrollmentId && a.StartedUtc > message.CreatedUtc, ct)))
            return "No se envió: la persona avanzó en el curso después de encolarse el recordatorio.";
        return null;
    }
}

public sealed class NotStartedReminderGuard(ScariDbContext db) : ReminderGuard(db, ReminderKinds.NotStarted);

public sealed class StalledReminderGuard(ScariDbContext db) : ReminderGuard(db, ReminderKinds.Stalled);

public sealed class ClosingReminderGuard(ScariDbContext db) : ReminderGuard(db, ReminderKinds.Closing);

public sealed class DigestGuard(ScariDbContext db) : ReminderGuard(db, ReminderKinds.Digest);
