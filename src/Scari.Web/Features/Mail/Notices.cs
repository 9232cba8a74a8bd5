using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Mail;

/// <summary>
/// Notices to learners, queued in the caller's unit of work (its SaveChanges writes them with the event): enrolled by
/// someone else, certificate issued, revoked or replaced. Only to a person with an e-mail who is known to be an adult:
/// minors (and students without a birth date) receive no mail from SCARI; their coordinator follows them in SCARI.
/// Nothing beyond what the person already knows: course, dates, who enrolled them, links.
/// </summary>
public sealed class Notices(ScariDbContext db, Outbox outbox, MailTemplate template, TimeProvider clock, IHttpContextAccessor http,
    InPerson.SessionCalendar calendar, Microsoft.Extensions.Options.IOptions<MailOptions> mail)
{
    public sealed record Recipient(int PersonId, string Email, string Name);

    /// <summary>What decides whether SCARI writes to a person, as read with other data by a caller that saves a query.</summary>
    public sealed record Candidate(int Id, string? Email, string GivenNames, string FamilyNames, Audience Audience, DateOnly? BirthDate, bool Anonymized = false);

    /// <summary>The rule of <see cref="RecipientsAsync"/> for one person already read: an e-mail, not anonymized, a known adult.</summary>
    public Recipient? RecipientOf(Candidate p) =>
        p.Anonymized || string.IsNullOrWhiteSpace(p.Email) || (p.Audience == Audience.Student && (p.BirthDate is not { } birth || PersonRules.IsMinor(birth, Bogota.Today(clock))))
            ? null
            : new Recipient(p.Id, p.Email!, $"{p.GivenNames} {p.FamilyNames}".Trim());

    private async Task<Recipient?> RecipientAsync(int personId, CancellationToken ct) =>
        (await RecipientsAsync([personId], ct)).SingleOrDefault();

    /// <summary>Of these people, those SCARI writes to (one query, whatever their number): an e-mail, not anonymized, known adults.</summary>
    public async Task<List<Recipient>> RecipientsAsync(IReadOnlyCollection<int> personIds, CancellationToken ct)
    {
        var ids = personIds.Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(x => ids.Contains(x.Id) && x.AnonymizedUtc == null && x.Email != null && x.Email != "")
            .Select(x => new Candidate(x.Id, x.Email, x.GivenNames, x.FamilyNames, x.Audience, x.BirthDate))
            .ToListAsync(ct);
        return [.. people.OrderBy(p => p.Id).Select(RecipientOf).OfType<Recipient>()];
    }

    private string BaseUrl => template.BaseUrl(http.HttpContext?.Request);

    public Task EnrolledAsync(int personId, string courseId, string courseTitle, string? byUserId, CancellationToken ct) =>
        EnrolledManyAsync([personId], courseId, courseTitle, byUserId, ct);

    /// <summary>
    /// The enrollment notice to each of these people that SCARI writes to, queued in the caller's unit of work (a cohort
    /// of 1,000 costs two reads; the rows are inserted with the enrollments). Returns how many were queued.
    /// </summary>
    public async Task<int> EnrolledManyAsync(IReadOnlyCollection<int> personIds, string courseId, string courseTitle, string? byUserId, CancellationToken ct)
    {
        if (personIds.Count == 0) return 0;
        var recipients = await RecipientsAsync(personIds, ct);
        if (recipients.Count == 0) return 0;
        var by = byUserId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == byUserId).Select(u => u.FullName).SingleOrDefaultAsync(ct);
        var link = new MailTemplate.Link("Empezar el curso", $"{BaseUrl}/cursos/{Uri.EscapeDataString(courseId)}");
        string[] paragraphs =
            [by is { Length: > 0 } ? $"{by} le inscribió en el curso «{courseTitle}» de SCARI." : $"Quedó inscrito en el curso «{courseTitle}» de SCARI.",
             "Para empezar, ingrese a SCARI y abra «Mi aprendizaje»: allí ve las lecciones, su avance y las evaluaciones. " +
             "Si no tiene contraseña, use «¿Olvidó su contraseña?» en la página de ingreso."];
        foreach (var to in recipients)
            outbox.Add(template.Compose("aviso.inscripcion", to.Email, to.Name, $"Inscripción en «{courseTitle}»", paragraphs, link,
                footer: "Recibe este aviso porque le inscribieron en un curso de SCARI."));
        return recipients.Count;
    }

    public async Task CertificateIssuedAsync(Certificates.Certificate certificate, CancellationToken ct) =>
        CertificateIssued(certificate, await RecipientAsync(certificate.PersonId, ct));

    /// <summary>The certificate notice to a recipient the caller already read (null: nobody to write to).</summary>
    public void CertificateIssued(Certificates.Certificate certificate, Recipient? to)
    {
        if (to is null) return;
        outbox.Add(template.Compose("aviso.certificado", to.Email, to.Name, $"Su certificado de «{certificate.CourseTitle}»",
            [$"Terminó el curso «{certificate.CourseTitle}» ({certificate.Hours} horas) y su certificado {certificate.Code} está listo.",
             $"Cualquiera puede comprobar que es auténtico en {BaseUrl}/verificar/{certificate.Code}."],
            new MailTemplate.Link("Descargar el certificado (PDF)", $"{BaseUrl}/certificados/{certificate.Code}.pdf"),
            footer: "Recibe este aviso porque terminó un curso de SCARI."));
    }

    public async Task CertificateRevokedAsync(Certificates.Certificate certificate, string reason, CancellationToken ct)
    {
        if (await RecipientAsync(certificate.PersonId, ct) is not { } to) return;
        outbox.Add(template.Compose("aviso.certificado-revocado", to.Email, to.Name, $"Su certificado de «{certificate.CourseTitle}» fue revocado",
            [$"El certificado {certificate.Code} del curso «{certificate.CourseTitle}» fue revocado. Motivo: {reason}.",
             "Quien lo verifique verá que está revocado. Si cree que es un error, escriba a la entidad."],
            new MailTemplate.Link("Ver el estado del certificado", $"{BaseUrl}/verificar/{certificate.Code}"),
            footer: "Recibe este aviso porque su certificado cambió de estado."));
    }

    public async Task CertificateReissuedAsync(Certificates.Certificate old, Certificates.Certificate replacement, CancellationToken ct)
    {
        if (await RecipientAsync(replacement.PersonId, ct) is not { } to) return;
        outbox.Add(template.Compose("aviso.certificado-reemplazado", to.Email, to.Name, $"Nuevo certificado de «{replacement.CourseTitle}»",
            [$"Su certificado {old.Code} del curso «{replacement.CourseTitle}» fue reemplazado por el {replacement.Code}, con los datos corregidos.",
             $"El anterior ya no es válido; el nuevo se verifica en {BaseUrl}/verificar/{replacement.Code}."],
            new MailTemplate.Link("Descargar el certificado nuevo (PDF)", $"{BaseUrl}/certificados/{replacement.Code}.pdf"),
            footer: "Recibe este aviso porque su certificado cambió."));
    }

    public enum SessionChange { Scheduled, Changed, Cancelled }

    /// <summary>
    /// An in-person session scheduled, changed or cancelled: to each adult with an e-mail and an active enrollment in the
    /// session's cohort, with the .ics (REQUEST, or CANCEL) for their calendar. Transactional (it is about a commitment the
    /// person already has): no unsubscribe link. One message per person and SEQUENCE (dedup key), queued in the caller's
    /// unit of work. Returns how many were queued.
    /// </summary>
    public async Task<int> SessionAsync(InPerson.TrainingSession session, SessionChange change, IReadOnlyList<string> changes, CancellationToken ct)
    {
        if (session.CohortId is not { } cohortId) return 0;
        var members = await db.Enrollments.AsNoTracking().Where(e => e.CohortId == cohortId && e.WithdrawnUtc == null)
            .Select(e => e.PersonId).ToListAsync(ct);
        var recipients = await RecipientsAsync(members, ct);
        if (recipients.Count == 0) return 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var when = InPerson.SessionText.When(session);
        var where = string.IsNullOrWhiteSpace(session.Place) ? null : $"Lugar: {session.Place}.";
        var (subject, first) = change switch
        {
            SessionChange.Scheduled => ($"Sesión presencial: «{session.Name}», {Bogota.FormatDate(session.Date)}",
                $"Le esperamos en la sesión presencial «{session.Name}», que dicta {session.TutorName}."),
            SessionChange.Changed => ($"Cambió la sesión presencial «{session.Name}»",
                $"La sesión presencial «{session.Name}» cambió: {string.Join("; ", changes)}."),
            _ => ($"Sesión presencial cancelada: «{session.Name}», {Bogota.FormatDate(session.Date)}",
                $"La sesión presencial «{session.Name}» del {Bogota.FormatDate(session.Date)} fue cancelada."),
        };
        List<string> paragraphs = [first];
        if (change != SessionChange.Cancelled)
            paragraphs.Add(where is null ? $"Fecha: {when}." : $"Fecha: {when}. {where}");
        paragraphs.Add(change == SessionChange.Cancelled
            ? "El archivo adjunto la quita de su calendario si la había agregado."
            : "El archivo adjunto (.ics) la agrega a su calendario o la actualiza si ya estaba.");
        var organizer = new InPerson.SessionCalendar.Organizer(mail.Value.SenderAddress, template.EntityName);
        foreach (var to in recipients)
            outbox.Add(template.Compose("aviso.sesion", to.Email, to.Name, subject, paragraphs,
                new MailTemplate.Link("Ver mi aprendizaje", $"{BaseUrl}/mi-aprendizaje"),
                footer: "Recibe este aviso porque pertenece a la cohorte que toma esta sesión presencial.") with
            {
                CalendarIcs = calendar.Invitation(session, organizer, new(to.Email, to.Name), now),
                DedupKey = $"sesion:{session.Id}:{session.Sequence}:{to.PersonId}",
            });
        return recipients.Count;
    }
}
