using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Mail;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Surveys;

// Over 300 lines on purpose: offering, answering, inviting and voiding invitations share one set of rules (who
// completed, when a survey opens, the receipt that is kept apart from the answers), which must not drift apart.

/// <summary>Where a person finished a course: the latest completion, with its cohort (online) or session (in person).</summary>
public sealed record SurveyContext(string CourseId, DateTime CompletedUtc, int? CohortId, int? SessionId);

public enum SurveyState { NotCompleted, NotYet, Open, Answered, None }

/// <summary>One survey as a person sees it now: open, already answered, not yet (impact), or none.</summary>
public sealed record SurveyOffer(Course Course, SurveyKind Kind, Survey? Survey, SurveyState State, SurveyContext? Context, DateOnly? OpensOn)
{
    /// <summary>Student courses speak to the learner as tú; staff and shared courses as usted (content/FORMAT.md).</summary>
    public bool Tu => Course.Audience == Audience.Student;
    public string Url => SurveyLinks.Answer(Course.Id, Kind);
}

public enum SubmitOutcome { Saved, AlreadyAnswered, NotAvailable, Invalid }

public sealed record SubmitResult(SubmitOutcome Outcome, IReadOnlyList<string> Errors);

public static class SurveyLinks
{
    public static string Answer(string courseId, SurveyKind kind) =>
        $"/encuestas/{Uri.EscapeDataString(courseId)}{(kind == SurveyKind.Impacto ? "/impacto" : "")}";

    public static string Name(SurveyKind kind) => kind == SurveyKind.Impacto ? "Encuesta de impacto" : "Encuesta de satisfacción";
}

/// <summary>
/// The learner's side of the surveys: which are open, answering one (once), and queuing the impact survey's
/// invitation at completion. Answers never touch completions or certificates: a survey never blocks anything.
/// </summary>
public sealed class LearnerSurveys(ScariDbContext db, CourseCatalog catalog, TimeProvider clock, Outbox outbox, MailTemplate template,
    Reminders.MailPreferences preferences, PublicLinks links)
{
    public const string ImpactMailKind = "encuesta.impacto";

    // Any fixed 64-bit key, the same for every instance: "SCARIENC" in ASCII.
    private const long SubmitLock = 5999710950260035139;

    public const string ReactionMailKind = "encuesta.satisfaccion";

    public static string ImpactDedupKey(int personId, string courseId) => $"encuesta-impacto:{personId}:{courseId}";

    public static string ReactionDedupKey(int personId, string courseId) => $"encuesta-satisfaccion:{personId}:{courseId}";

    public static DateOnly OpensOn(DateTime completedUtc, Survey impact) =>
        DateOnly.FromDateTime(Bogota.ToLocal(completedUtc)).AddDays(impact.AfterDays);

    /// <summary>The invitation leaves at 9:00 in Bogotá on the day the impact survey opens.</summary>
    public static DateTime InvitationUtc(DateTime completedUtc, Survey impact) => Bogota.StartOfDayUtc(OpensOn(completedUtc, impact)).AddHours(9);

    public Task<SurveyContext?> ContextAsync(int personId, string courseId, CancellationToken ct) =>
        db.Completions.AsNoTracking()
            .Where(c => c.PersonId == personId && c.CourseId == courseId)
            .OrderByDescending(c => c.CompletedUtc).ThenByDescending(c => c.Id)
            .Select(c => new SurveyContext(c.CourseId, c.CompletedUtc,
                db.Enrollments.Where(e => e.Id == c.EnrollmentId).Select(e => e.CohortId).FirstOrDefault(),
                db.Attendances.Where(a => a.CompletionId == c.Id).Select(a => (int?)a.SessionId).FirstOrDefault()))
            .FirstOrDefaultAsync(ct);

    public async Task<SurveyOffer?> OfferAsync(int personId, string courseId, SurveyKind kind, CancellationToken ct)
    {
        if (catalog.Find(courseId) is not { } course) return null;
        var survey = kind == SurveyKind.Impacto ? course.ImpactSurvey : course.Survey;
        if (survey is null) return new(course, kind, null, SurveyState.None, null, null);
        var context = await ContextAsync(personId, courseId, ct);
        if (context is null) return new(course, kind, survey, SurveyState.NotCompleted, null, null);
        if (await db.SurveyReceipts.AnyAsync(r => r.PersonId == personId && r.CourseId == courseId && r.Kind == kind, ct))
            return new(course, kind, survey, SurveyState.Answered, context, null);
        if (kind == SurveyKind.Impacto && OpensOn(context.CompletedUtc, survey) is var opens && opens > Bogota.Today(clock))
            return new(course, kind, survey, SurveyState.NotYet, context, opens);
        return new(course, kind, survey, SurveyState.Open, context, null);
    }

    /// <summary>The surveys of every course the person completed that they have not answered: open ones and impact surveys still to open.</summary>
    public async Task<List<SurveyOffer>> PendingAsync(int personId, CancellationToken ct)
    {
        var completed = await db.Completions.AsNoTracking().Where(c => c.PersonId == personId)
            .GroupBy(c => c.CourseId).Select(g => new { CourseId = g.Key, Last = g.Max(c => c.CompletedUtc) })
            .ToListAsync(ct);
        var answered = (await db.SurveyReceipts.AsNoTracking().Where(r => r.PersonId == personId)
            .Select(r => new { r.CourseId, r.Kind }).ToListAsync(ct)).Select(r => (r.CourseId, r.Kind)).ToHashSet();
        var today = Bogota.Today(clock);
        var offers = new List<SurveyOffer>();
        foreach (var c in completed.OrderByDescending(c => c.Last))
        {
            if (catalog.Find(c.CourseId) is not { } course) continue;
            var context = new SurveyContext(c.CourseId, c.Last, null, null);
            if (!answered.Contains((course.Id, SurveyKind.Reaccion)))
                offers.Add(new(course, SurveyKind.Reaccion, course.Survey, SurveyState.Open, context, null));
            if (course.ImpactSurvey is { } impact && !answered.Contains((course.Id, SurveyKind.Impacto)))
            {
                var opens = OpensOn(c.Last, impact);
                offers.Add(new(course, SurveyKind.Impacto, impact, opens > today ? SurveyState.NotYet : SurveyState.Open, context, opens > today ? opens : null));
            }
        }
        return offers;
    }

    public Task<bool> AnsweredAsync(int personId, string courseId, SurveyKind kind, CancellationToken ct) =>
        db.SurveyReceipts.AnyAsync(r => r.PersonId == personId && r.CourseId == courseId && r.Kind == kind, ct);

    /// <summary>
    /// Stores one answer and the receipt, in one transaction, once. The answer gets a random id and today's date only;
    /// then every answer of the same course, kind and day is written again in a random order, so that neither the
    /// physical order of the rows nor the transaction that wrote them tells which is the newest (docs/encuestas.md).
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(int personId, string courseId, SurveyKind kind,
        IReadOnlyDictionary<string, string?> values, string? comment, CancellationToken ct)
    {
        var offer = await OfferAsync(personId, courseId, kind, ct);
        if (offer is null || offer.Survey is null) return new(SubmitOutcome.NotAvailable, []);
        var voice = new SurveyVoice(offer.Tu);
        if (offer.State == SurveyState.Answered) return new(SubmitOutcome.AlreadyAnswered, [voice.AlreadyAnswered]);
        if (offer.State != SurveyState.Open) return new(SubmitOutcome.NotAvailable, []);

        var errors = new List<string>();
        var answers = new List<KeyValuePair<string, int>>();
        foreach (var item in offer.Survey.Items)
        {
            var raw = values.GetValueOrDefault(item.Id);
            if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v is >= 1 and <= 5) answers.Add(new(item.Id, v));
            else errors.Add(voice.Missing(item.Text));
        }
        var text = TextHygiene.CleanOrNull(comment)?.Trim();
        if (string.IsNullOrEmpty(text) || offer.Survey.Question is null) text = null;
        if (text is { Length: > SurveyResponse.MaxCommentLength })
            errors.Add(voice.TooLong(text.Length));
        if (errors.Count > 0) return new(SubmitOutcome.Invalid, errors);

        var context = offer.Context!;
        var today = Bogota.Today(clock);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // No savepoint per SaveChanges: on PostgreSQL each would give its rows a sub-transaction id of their own, in order.
        db.Database.AutoSavepointsEnabled = false;
        // SQLite's write transaction already runs alone; PostgreSQL's answers take turns, so that two people answering
        // at once never both rewrite the same day's rows.
        if (db is PostgresScariDbContext)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SubmitLock})", ct);
        db.SurveyReceipts.Add(new SurveyReceipt { PersonId = personId, CourseId = courseId, Kind = kind });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (db.IsOn<SurveyReceipt>(ex, nameof(SurveyReceipt.PersonId), nameof(SurveyReceipt.CourseId), nameof(SurveyReceipt.Kind)))
        {
            db.ChangeTracker.Clear();
            return new(SubmitOutcome.AlreadyAnswered, [voice.AlreadyAnswered]);
        }

        var sameDay = db.SurveyResponses.Where(r => r.CourseId == courseId && r.Kind == kind && r.AnsweredOn == today);
        var group = await sameDay.AsNoTracking().ToListAsync(ct);
        if (group.Count > 0) await sameDay.ExecuteDeleteAsync(ct);
        group.Add(new SurveyResponse
        {
            Id = Guid.NewGuid(),
            CourseId = courseId,
            CohortId = context.CohortId,
            SessionId = context.SessionId,
            Kind = kind,
            AnsweredOn = today,
            Answers = SurveyResponse.Encode(answers),
            Comment = text,
        });
        var shuffled = group.ToArray();
        RandomNumberGenerator.Shuffle<SurveyResponse>(shuffled);
        // One INSERT at a time, so the rows land in exactly this order.
        foreach (var row in shuffled)
        {
            db.SurveyResponses.Add(row);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new(SubmitOutcome.Saved, []);
    }

    /// <summary>
    /// At an online completion, in the completion's transaction: queues the impact survey's invitation for the day it
    /// opens (the satisfaction survey is offered on the screen the learner is looking at).
    /// </summary>
    public Task QueueImpactInvitationAsync(int personId, string courseId, DateTime completedUtc, CancellationToken ct) =>
        QueueInvitationsAsync(courseId, [personId], completedUtc, reaction: false, ct);

    /// <summary>
    /// At in-person completions of a catalogue course (attendance recorded or imported), in their transaction: nobody
    /// was at a screen when the course ended, so the satisfaction survey's invitation is mailed now, and the impact
    /// survey's (if the course has one) for the day it opens. Returns how many were queued.
    /// </summary>
    public Task<int> QueueInPersonInvitationsAsync(string courseId, IReadOnlyCollection<int> personIds, DateTime completedUtc, CancellationToken ct) =>
        QueueInvitationsAsync(courseId, personIds, completedUtc, reaction: true, ct);

    /// <summary>
    /// Queues survey invitations in the caller's unit of work to those of these people who may receive one
    /// (<see cref="SurveyRecipient"/>), once per person, course and kind (the DedupKey), skipping surveys already
    /// answered. Three reads whatever the number of people. Whether each is still wanted is checked again when it is
    /// due (<see cref="SurveyInvitationGuard"/>).
    /// </summary>
    private async Task<int> QueueInvitationsAsync(string courseId, IReadOnlyCollection<int> personIds, DateTime completedUtc, bool reaction, CancellationToken ct)
    {
        if (personIds.Count == 0 || catalog.Find(courseId) is not { } course) return 0;
        List<SurveyKind> kinds = reaction ? [SurveyKind.Reaccion] : [];
        if (course.ImpactSurvey is not null) kinds.Add(SurveyKind.Impacto);
        if (kinds.Count == 0) return 0;
        var recipients = await SurveyRecipient.FindManyAsync(db, clock, personIds, ct);
        if (recipients.Count == 0) return 0;
        var ids = recipients.Select(r => r.PersonId).ToList();
        var keys = ids.SelectMany(id => kinds.Select(k => DedupKey(k, id, courseId))).ToList();
        var queued = (await db.OutboxMessages.AsNoTracking().Where(m => m.DedupKey != null && keys.Contains(m.DedupKey))
            .Select(m => m.DedupKey!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var answered = (await db.SurveyReceipts.AsNoTracking().Where(r => ids.Contains(r.PersonId) && r.CourseId == courseId)
            .Select(r => new { r.PersonId, r.Kind }).ToListAsync(ct)).Select(r => (r.PersonId, r.Kind)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        var count = 0;
        foreach (var to in recipients)
            foreach (var kind in kinds)
            {
                var key = DedupKey(kind, to.PersonId, courseId);
                if (queued.Contains(key) || answered.Contains((to.PersonId, kind))) continue;
                var message = outbox.Add(Invitation(course, kind, to) with { DedupKey = key });
                message.NextAttemptUtc = kind == SurveyKind.Impacto ? InvitationUtc(completedUtc, course.ImpactSurvey!) : now;
                count++;
            }
        return count;
    }

    public static string DedupKey(SurveyKind kind, int personId, string courseId) =>
        kind == SurveyKind.Impacto ? ImpactDedupKey(personId, courseId) : ReactionDedupKey(personId, courseId);

    /// <summary>Not transactional: it carries the link to stop reminders and invitations, as reminders do.</summary>
    private MailDraft Invitation(Course course, SurveyKind kind, SurveyRecipient.To to)
    {
        var link = $"{template.BaseUrl(null)}{SurveyLinks.Answer(course.Id, kind)}";
        var signIn = "Ingrese a SCARI con su cuenta (si no tiene contraseña, use «¿Olvidó su contraseña?» en la página de ingreso).";
        var unsubscribe = preferences.UnsubscribeUrl(Reminders.MailPreferences.Audience.Person, to.PersonId.ToString(CultureInfo.InvariantCulture));
        var preferencesUrl = links.Absolute("/cuenta/correo");
        return kind == SurveyKind.Impacto
            ? template.Compose(ImpactMailKind, to.Email, to.Name, $"¿Le ha servido el curso «{course.Title}»?",
                [$"Hace {course.ImpactSurvey!.AfterDays} días terminó el curso «{course.Title}» en SCARI. Nos ayudaría saber si ha podido usar lo que aprendió.",
                 "Son unas pocas preguntas y toman un par de minutos. Su respuesta se guarda sin su nombre ni su documento, y responder es voluntario.",
                 signIn],
                new MailTemplate.Link("Responder la encuesta de impacto", link),
                footer: "Recibe esta invitación porque terminó un curso de SCARI que pide esta evaluación.",
                unsubscribeUrl: unsubscribe, preferencesUrl: preferencesUrl)
            : template.Compose(ReactionMailKind, to.Email, to.Name, $"¿Qué le pareció el curso «{course.Title}»?",
                [$"Su asistencia a la formación presencial «{course.Title}» quedó registrada en SCARI. Nos ayudaría saber qué le pareció.",
                 "Son unas pocas preguntas y toman un par de minutos. Su respuesta se guarda sin su nombre ni su documento, responder es voluntario y no cambia su certificado.",
                 signIn],
                new MailTemplate.Link("Responder la encuesta de satisfacción", link),
                footer: "Recibe esta invitación porque terminó una formación de SCARI que pide esta evaluación.",
                unsubscribeUrl: unsubscribe, preferencesUrl: preferencesUrl);
    }
}

/// <summary>
/// Who may receive a survey invitation: an adult with an e-mail, not anonymized (the rule of the notices), who has not
/// refused reminders and invitations, and who has an account to answer with (the survey is behind sign-in).
/// </summary>
internal static class SurveyRecipient
{
    public sealed record To(int PersonId, string Email, string Name);

    public static async Task<List<To>> FindManyAsync(ScariDbContext db, TimeProvider clock, IReadOnlyCollection<int> personIds, CancellationToken ct)
    {
        var ids = personIds.Distinct().ToList();
        var people = await db.People.AsNoTracking()
            .Where(x => ids.Contains(x.Id) && x.AnonymizedUtc == null && x.Email != null && x.Email != "" && x.RemindersOptOutUtc == null
                && db.Users.Any(u => u.PersonId == x.Id))
            .Select(x => new { x.Id, x.Email, x.GivenNames, x.FamilyNames, x.Audience, x.BirthDate })
            .ToListAsync(ct);
        var today = Bogota.Today(clock);
        return [.. people
            .Where(p => !string.IsNullOrWhiteSpace(p.Email))
            .Where(p => p.Audience != Audience.Student || (p.BirthDate is { } birth && !PersonRules.IsMinor(birth, today)))
            .OrderBy(p => p.Id)
            .Select(p => new To(p.Id, p.Email!, $"{p.GivenNames} {p.FamilyNames}".Trim()))];
    }
}

/// <summary>
/// The last look at a survey invitation when it is due: not to a person who already answered that survey (e.g. from
/// Mi aprendizaje), no longer has a completion of the course (attendance unmarked), was anonymized since, has no
/// e-mail or account any more, or refused reminders and invitations. One per kind of invitation.
/// </summary>
public class SurveyInvitationGuard(ScariDbContext db, TimeProvider clock, SurveyKind kind) : IOutboxGuard
{
    public string Kind => kind == SurveyKind.Impacto ? LearnerSurveys.ImpactMailKind : LearnerSurveys.ReactionMailKind;

    public async Task<string?> ReasonNotToSendAsync(OutboxMessage message, CancellationToken ct)
    {
        var parts = (message.DedupKey ?? "").Split(':', 3);
        if (parts.Length != 3 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var personId)) return null;
        var courseId = parts[2];
        if (await db.SurveyReceipts.AnyAsync(r => r.PersonId == personId && r.CourseId == courseId && r.Kind == kind, ct))
            return kind == SurveyKind.Impacto
                ? "No se envió: la persona ya respondió la encuesta de impacto."
                : "No se envió: la persona ya respondió la encuesta de satisfacción.";
        if ((await SurveyRecipient.FindManyAsync(db, clock, [personId], ct)).Count == 0)
            return "No se envió: la persona fue anonimizada, ya no tiene correo ni cuenta, no es mayor de edad o no quiere recibir invitaciones.";
        if (!await db.Completions.AnyAsync(c => c.PersonId == personId && c.CourseId == courseId, ct))
            return "No se envió: la persona ya no tiene una finalización de este curso (se desmarcó su asistencia).";
        return null;
    }
}

public sealed class ImpactInvitationGuard(ScariDbContext db, TimeProvider clock) : SurveyInvitationGuard(db, clock, SurveyKind.Impacto);

public sealed class ReactionInvitationGuard(ScariDbContext db, TimeProvider clock) : SurveyInvitationGuard(db, clock, SurveyKind.Reaccion);

/// <summary>The survey page's words in the course's voice: tú for student courses, usted otherwise.</summary>
public sealed record SurveyVoice(bool Tu)
{
    public string AlreadyAnswered => Tu
        ? "Ya respondiste esta encuesta: cada encuesta se responde una sola vez. ¡Gracias!"
        : "Usted ya respondió esta encuesta: cada encuesta se responde una sola vez. ¡Gracias!";

    public string Missing(string item) => Tu
        ? $"Elige una opción para «{item}»."
        : $"Elija una opción para «{item}».";

    public string TooLong(int length) => Tu
        ? $"Tu comentario tiene {length} caracteres: escribe como máximo {SurveyResponse.MaxCommentLength}."
        : $"Su comentario tiene {length} caracteres: escriba como máximo {SurveyResponse.MaxCommentLength}.";

    public string Intro => Tu
        ? "Cuéntanos qué te pareció el curso. Marca qué tan de acuerdo estás con cada afirmación (1 = totalmente en desacuerdo, 5 = totalmente de acuerdo)."
        : "Cuéntenos qué le pareció el curso. Marque qué tan de acuerdo está con cada afirmación (1 = totalmente en desacuerdo, 5 = totalmente de acuerdo).";

    public string ImpactIntro => Tu
        ? "Han pasado unas semanas desde que terminaste el curso. Cuéntanos si has podido usar lo que aprendiste."
        : "Han pasado unas semanas desde que terminó el curso. Cuéntenos si ha podido usar lo que aprendió.";

    public string Privacy => Tu
        ? "Tu respuesta se guarda sin tu nombre ni tu documento, solo con la fecha (sin hora). Responder es voluntario y no cambia tu certificado."
        : "Su respuesta se guarda sin su nombre ni su documento, solo con la fecha (sin hora). Responder es voluntario y no cambia su certificado.";

    public string Optional => Tu ? "(opcional)" : "(opcional)";

    public string Thanks => Tu
        ? "¡Gracias! Tu respuesta quedó guardada sin tu nombre."
        : "¡Gracias! Su respuesta quedó guardada sin su nombre.";

    public string NotCompleted => Tu
        ? "Esta encuesta se responde después de terminar el curso."
        : "Esta encuesta se responde después de terminar el curso.";

    public string OpensOn(DateOnly date) => Tu
        ? $"La encuesta de impacto se abre el {Bogota.FormatDate(date)}: así podrás contarnos cómo usaste lo que aprendiste."
        : $"La encuesta de impacto se abre el {Bogota.FormatDate(date)}: así podrá contarnos cómo usó lo que aprendió.";

    public string Submit => "Enviar respuestas";

    public static readonly string[] Scale =
        ["Totalmente en desacuerdo", "En desacuerdo", "Ni de acuerdo ni en desacuerdo", "De acuerdo", "Totalmente de acuerdo"];
}
