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
public sealed class Notices(ScariDbContext db, Outbox outbox, MailTemplate template, TimeProvider clock, IHttpContextAccessor http)
{
    private sealed record Recipient(string Email, string Name);

    private async Task<Recipient?> RecipientAsync(int personId, CancellationToken ct)
    {
        var p = await db.People.AsNoTracking().Where(x => x.Id == personId)
            .Select(x => new { x.Email, x.GivenNames, x.FamilyNames, x.Audience, x.BirthDate, x.AnonymizedUtc })
            .SingleOrDefaultAsync(ct);
        if (p is null || p.AnonymizedUtc is not null || string.IsNullOrWhiteSpace(p.Email)) return null;
        if (p.Audience == Audience.Student && (p.BirthDate is not { } birth || PersonRules.IsMinor(birth, Bogota.Today(clock)))) return null;
        return new(p.Email, $"{p.GivenNames} {p.FamilyNames}".Trim());
    }

    private string BaseUrl => template.BaseUrl(http.HttpContext?.Request);

    public async Task EnrolledAsync(int personId, string courseId, string courseTitle, string? byUserId, CancellationToken ct)
    {
        if (await RecipientAsync(personId, ct) is not { } to) return;
        var by = byUserId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == byUserId).Select(u => u.FullName).SingleOrDefaultAsync(ct);
        outbox.Add(template.Compose("aviso.inscripcion", to.Email, to.Name, $"Inscripción en «{courseTitle}»",
            [by is { Length: > 0 } ? $"{by} le inscribió en el curso «{courseTitle}» de SCARI." : $"Quedó inscrito en el curso «{courseTitle}» de SCARI.",
             "Para empezar, ingrese a SCARI y abra «Mi aprendizaje»: allí ve las lecciones, su avance y las evaluaciones. " +
             "Si no tiene contraseña, use «¿Olvidó su contraseña?» en la página de ingreso."],
            new MailTemplate.Link("Empezar el curso", $"{BaseUrl}/cursos/{Uri.EscapeDataString(courseId)}"),
            footer: "Recibe este aviso porque le inscribieron en un curso de SCARI."));
    }

    public async Task CertificateIssuedAsync(Certificates.Certificate certificate, CancellationToken ct)
    {
        if (await RecipientAsync(certificate.PersonId, ct) is not { } to) return;
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
}
