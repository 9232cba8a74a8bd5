using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Mail;

namespace Scari.Web.Features.Reminders;

/// <summary>
/// One pass over the enrollments: queues the reminders that are due and not yet sent, and each coordinator's weekly
/// digest, in one transaction with their <see cref="ReminderSend"/> rows. Never to someone who completed the course
/// (online or in person), withdrew, was anonymized, opted out, is a minor or has no e-mail. The clock is the injected one.
/// </summary>
public sealed partial class ReminderRun(ScariDbContext db, TimeProvider clock, CourseCatalog catalog, Notices notices,
    Outbox outbox, MailTemplate template, MailPreferences preferences, PublicLinks links, ILogger<ReminderRun> log)
{
    public sealed record Result(int Reminders, int Digests);

    private sealed record Candidate(int EnrollmentId, int PersonId, string CourseId, DateTime EnrolledUtc, string? CohortName,
        DateOnly? CohortStart, DateOnly? CohortEnd, int? CohortNotStarted, int? CohortStalled, int? CohortClosing,
        DateTime? LastLesson, DateTime? LastQuizStart, DateTime? LastQuizSubmit);

    private sealed record Due(string Kind, Candidate Enrollment, string Occurrence, DateTime? LastProgress, int Days);

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await DueRemindersAsync(now, ct);
        var digests = await DueDigestsAsync(now, ct);
        if (due.Count == 0 && digests.Count == 0) return new(0, 0);

        var recipients = (await notices.RecipientsAsync(due.Select(d => d.Enrollment.PersonId).ToList(), ct)).ToDictionary(r => r.PersonId);
        var queued = 0;
        foreach (var d in due)
        {
            if (!recipients.TryGetValue(d.Enrollment.PersonId, out var to)) continue; // a minor, or no usable address
            db.ReminderSends.Add(new ReminderSend
            {
                Kind = d.Kind, Target = $"inscripcion:{d.Enrollment.EnrollmentId}", Occurrence = d.Occurrence,
                EnrollmentId = d.Enrollment.EnrollmentId, CreatedUtc = now,
            });
            outbox.Add(Compose(d, to, now));
            queued++;
        }
        foreach (var digest in digests)
        {
            db.ReminderSends.Add(new ReminderSend { Kind = ReminderKinds.Digest, Target = $"coordinador:{digest.UserId}", Occurrence = digest.Week, CreatedUtc = now });
            outbox.Add(digest.Draft);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (db.IsOn(ex, ReminderSendConfiguration.OnceIndex) || db.IsOn<OutboxMessage>(ex, nameof(OutboxMessage.DedupKey)))
        {
            // Another instance queued some of them meanwhile: nothing of this pass is kept; the next pass sees theirs.
            db.ChangeTracker.Clear();
            LogRaced(log);
            return new(0, 0);
        }
        await tx.CommitAsync(ct);
        return new(queued, digests.Count);
    }

    private async Task<List<Due>> DueRemindersAsync(DateTime now, CancellationToken ct)
    {
        var candidates = await db.Enrollments.AsNoTracking()
            .Where(e => e.WithdrawnUtc == null && e.CompletedUtc == null && e.Person.AnonymizedUtc == null
                && e.Person.Email != null && e.Person.Email != "" && e.Person.RemindersOptOutUtc == null
                && !db.Completions.Any(c => c.PersonId == e.PersonId && c.CourseId == e.CourseId))
            .Select(e => new Candidate(e.Id, e.PersonId, e.CourseId, e.EnrolledUtc,
                e.Cohort != null ? e.Cohort.Name : null,
                e.Cohort != null ? e.Cohort.StartDate : null,
                e.Cohort != null ? e.Cohort.EndDate : null,
                e.Cohort != null ? e.Cohort.RemindNotStartedDays : null,
                e.Cohort != null ? e.Cohort.RemindStalledDays : null,
                e.Cohort != null ? e.Cohort.RemindClosingDays : null,
                db.LessonProgress.Where(p => p.EnrollmentId == e.Id).Max(p => (DateTime?)p.CompletedUtc),
                db.QuizAttempts.Where(a => a.EnrollmentId == e.Id).Max(a => a.StartedUtc),
                db.QuizAttempts.Where(a => a.EnrollmentId == e.Id).Max(a => a.SubmittedUtc)))
            .ToListAsync(ct);
        var today = Bogota.Today(clock);
        var due = new List<Due>();
        foreach (var c in candidates)
        {
            var rules = ReminderRules.Effective(catalog.Find(c.CourseId)?.Reminders, c.CohortNotStarted, c.CohortStalled, c.CohortClosing);
            if (!rules.Any) continue;
            DateTime? last = new[] { c.LastLesson, c.LastQuizStart, c.LastQuizSubmit }.Max();
            // The closing date matters most; then one nudge about pace. At most one reminder per enrollment per pass.
            if (c.CohortEnd is { } end && rules.ClosingDays is { } closing && today >= end.AddDays(-closing) && today <= end)
                due.Add(new(ReminderKinds.Closing, c, end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), last, end.DayNumber - today.DayNumber));
            else if (last is null && rules.NotStartedDays is { } notStarted)
            {
                var start = c.CohortStart is { } s && Bogota.StartOfDayUtc(s) > c.EnrolledUtc ? Bogota.StartOfDayUtc(s) : c.EnrolledUtc;
                if (now >= start.AddDays(notStarted)) due.Add(new(ReminderKinds.NotStarted, c, "1", null, notStarted));
            }
            else if (last is { } progress && rules.StalledDays is { } stalled && now >= progress.AddDays(stalled))
                due.Add(new(ReminderKinds.Stalled, c, progress.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture), progress, stalled));
        }
        if (due.Count == 0) return due;
        var ids = due.Select(d => d.Enrollment.EnrollmentId).ToList();
        var sent = (await db.ReminderSends.AsNoTracking().Where(s => s.EnrollmentId != null && ids.Contains(s.EnrollmentId.Value))
            .Select(s => new { s.Kind, s.EnrollmentId, s.Occurrence }).ToListAsync(ct))
            .Select(s => (s.Kind, s.EnrollmentId!.Value, s.Occurrence)).ToHashSet();
        return [.. due.Where(d => !sent.Contains((d.Kind, d.Enrollment.EnrollmentId, d.Occurrence)))];
    }

    private MailDraft Compose(Due d, Notices.Recipient to, DateTime now)
    {
        var course = catalog.Find(d.Enrollment.CourseId);
        var title = course?.Title ?? d.Enrollment.CourseId;
        var courseUrl = links.Absolute($"/cursos/{Uri.EscapeDataString(d.Enrollment.CourseId)}");
        var (subject, paragraphs, link) = d.Kind switch
        {
            ReminderKinds.NotStarted => ($"Su curso «{title}» le espera",
                new[] { $"Hace {d.Days} días quedó inscrito en el curso «{title}» y todavía no lo ha empezado.",
                    "La primera lección toma pocos minutos: ingrese a SCARI y ábrala desde «Mi aprendizaje»." },
                new MailTemplate.Link("Empezar el curso", courseUrl)),
            ReminderKinds.Stalled => ($"Retome su curso «{title}»",
                new[] { $"Su último avance en «{title}» fue el {Bogota.Format(d.LastProgress!.Value)}",
                    "Continúe donde quedó: «Mi aprendizaje» le lleva a la lección siguiente." },
                new MailTemplate.Link("Continuar el curso", links.Absolute("/mi-aprendizaje"))),
            _ => ($"Su cohorte cierra el {Bogota.FormatDate(d.Enrollment.CohortEnd!.Value)}",
                new[] { d.Days == 0
                        ? $"Hoy cierra la cohorte «{d.Enrollment.CohortName}» del curso «{title}» y usted aún no lo ha terminado."
                        : $"La cohorte «{d.Enrollment.CohortName}» del curso «{title}» cierra en {d.Days} {(d.Days == 1 ? "día" : "días")} y usted aún no lo ha terminado.",
                    "Termine las lecciones y evaluaciones que le faltan para recibir su certificado." },
                new MailTemplate.Link("Continuar el curso", links.Absolute("/mi-aprendizaje"))),
        };
        var unsubscribe = preferences.UnsubscribeUrl(MailPreferences.Audience.Person, d.Enrollment.PersonId.ToString(CultureInfo.InvariantCulture));
        return template.Compose($"recordatorio.{d.Kind}", to.Email, to.Name, subject, paragraphs, link,
            footer: $"Recibe este recordatorio porque está inscrito en «{title}» y no lo ha terminado.",
            unsubscribeUrl: unsubscribe, preferencesUrl: links.Absolute("/cuenta/correo")) with
        {
            DedupKey = $"recordatorio:{d.Kind}:{d.Enrollment.EnrollmentId}:{d.Occurrence}",
        };
    }

    private sealed record Digest(string UserId, string Week, MailDraft Draft);

    /// <summary>Each coordinator with a colegio or dependencia and an e-mail, once per ISO week: counts and a link, never names.</summary>
    private async Task<List<Digest>> DueDigestsAsync(DateTime now, CancellationToken ct)
    {
        var today = Bogota.Today(clock).ToDateTime(TimeOnly.MinValue);
        var week = $"{ISOWeek.GetYear(today)}-W{ISOWeek.GetWeekOfYear(today):D2}";
        var coordinators = await db.UsersInRole(Roles.Coordinador).AsNoTracking()
            .Where(u => u.Email != null && u.Email != "" && u.DigestOptOutUtc == null
                && (u.CoordinatedColegioId != null || u.CoordinatedDependenciaId != null))
            .Where(u => !db.ReminderSends.Any(s => s.Kind == ReminderKinds.Digest && s.Target == "coordinador:" + u.Id && s.Occurrence == week))
            .Select(u => new { u.Id, u.Email, u.FullName, u.CoordinatedColegioId, u.CoordinatedDependenciaId })
            .ToListAsync(ct);
        var digests = new List<Digest>();
        var weekAgo = now.AddDays(-7);
        foreach (var c in coordinators)
        {
            var mine = db.Enrollments.AsNoTracking().Where(e => e.Person.AnonymizedUtc == null
                && (c.CoordinatedColegioId != null ? e.Person.ColegioId == c.CoordinatedColegioId : e.Person.DependenciaId == c.CoordinatedDependenciaId));
            var active = await mine.CountAsync(e => e.WithdrawnUtc == null && e.CompletedUtc == null, ct);
            var notStarted = await mine.CountAsync(e => e.WithdrawnUtc == null && e.CompletedUtc == null
                && !db.LessonProgress.Any(p => p.EnrollmentId == e.Id) && !db.QuizAttempts.Any(a => a.EnrollmentId == e.Id), ct);
            var completed = await mine.CountAsync(e => e.CompletedUtc != null && e.CompletedUtc >= weekAgo, ct);
            string[] paragraphs =
            [
                $"Resumen de la semana de las personas de su {(c.CoordinatedColegioId != null ? "colegio" : "dependencia")}:",
                $"Inscripciones en curso: {active}.\nSin empezar: {notStarted}.\nTerminaron en los últimos 7 días: {completed}.",
                "Los nombres y el avance de cada persona están en SCARI, tras ingresar con su cuenta y su segundo paso.",
            ];
            var draft = template.Compose($"recordatorio.{ReminderKinds.Digest}", c.Email!, c.FullName, $"Resumen semanal de SCARI ({week})", paragraphs,
                new MailTemplate.Link("Ver el avance en SCARI", links.Absolute("/admin/cohortes")),
                footer: "Recibe este resumen porque coordina un colegio o una dependencia en SCARI.",
                unsubscribeUrl: preferences.UnsubscribeUrl(MailPreferences.Audience.Coordinator, c.Id),
                preferencesUrl: links.Absolute("/cuenta/correo")) with { DedupKey = $"recordatorio:{ReminderKinds.Digest}:{c.Id}:{week}" };
            digests.Add(new(c.Id, week, draft));
        }
        return digests;
    }

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Recordatorios: otra instancia encoló los mismos al mismo tiempo; se revisan en la próxima pasada.")]
    private static partial void LogRaced(ILogger logger);
}
