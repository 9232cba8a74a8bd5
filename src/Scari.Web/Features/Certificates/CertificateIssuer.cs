using Microsoft.EntityFrameworkCore;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Learning;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.Certificates;

/// <summary>Issues, revokes and reissues certificates. One live certificate per completion, backed by a filtered unique index.</summary>
public sealed class CertificateIssuer(ScariDbContext db, CredentialKeys keys, CourseCatalog catalog,
    TimeProvider clock, AuditLog audit, PublicLinks links, Mail.Notices notices)
{
    public const string ReplacedReason = "Reemplazado";

    /// <summary>
    /// The completion's live certificate, issuing it first if there is none. Safe to call twice or in parallel.
    /// Null when the completion's certificate was revoked: revocation is final for the learner, and only an
    /// administrator's reissue (<see cref="ReissueAsync"/>) gives the completion a certificate again.
    /// </summary>
    public async Task<Certificate?> IssueAsync(int completionId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            // One read for everything (live or revoked certificates, person, course, holder id, mail recipient) and one
            // SaveChanges: stamping costs two round trips.
            var source = await SourceAsync(completionId, ct);
            if (source.LiveId is not null) return await LiveAsync(completionId, ct);
            // A revoked one stays revoked: only an administrator's reissue gives the completion a certificate again.
            if (source.AnyRevoked) return null;

            var certificate = await NewCertificateAsync(completionId, source, ct);
            db.Certificates.Add(certificate);
            audit.Record("certificate.issued", "Certificate", certificate.Code,
                $"Finalización {completionId}" + (certificate.Provenance is { } provenance ? $", del {Bogota.FormatDate(certificate.CompletedOn)}. {provenance}" : ""));
            notices.CertificateIssued(certificate, notices.RecipientOf(source.Recipient)); // saved with the certificate, or not at all
            try
            {
                await db.SaveChangesAsync(ct);
                return certificate;
            }
            catch (DbUpdateException) when (attempt < 4)
            {
                // A parallel request issued it first (IX_Certificates_OneLivePerCompletion): the loop returns that one.
                // Else the random status index or the holder's subject id was taken at the same moment: draw again.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Revokes a live certificate with a reason. False when the code is unknown or already revoked.</summary>
    public async Task<bool> RevokeAsync(string code, string reason, CancellationToken ct)
    {
        var certificate = await db.Certificates.SingleOrDefaultAsync(c => c.Code == code, ct);
        if (certificate is null || certificate.RevokedUtc is not null) return false;
        certificate.RevokedUtc = clock.GetUtcNow().UtcDateTime;
        certificate.RevocationReason = reason.Trim();
        audit.Record("certificate.revoked", "Certificate", certificate.Code, $"Motivo: {certificate.RevocationReason}");
        await notices.CertificateRevokedAsync(certificate, certificate.RevocationReason, ct);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// After a correction of the person's or course's data: revokes the live certificate ("Reemplazado") and issues a
    /// new one for the same completion with the current data; the old one points to the new. After a review of a
    /// revoked certificate (<paramref name="reviewReason"/> required): issues its replacement, and the revocation stays
    /// on record. Null when the code is unknown, already replaced, revoked without a review reason, or when its holder
    /// was anonymized (there is no one left to name).
    /// </summary>
    public async Task<Certificate?> ReissueAsync(string code, CancellationToken ct, string? reviewReason = null)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var old = await db.Certificates.SingleOrDefaultAsync(c => c.Code == code, ct);
        if (old is null || old.HolderSuppressedUtc is not null || old.ReplacedByCertificateId is not null) return null;
        var afterReview = old.RevokedUtc is not null;
        if (afterReview)
        {
            if (string.IsNullOrWhiteSpace(reviewReason)) return null;
            if (await LiveAsync(old.CompletionId, ct) is not null) return null;
        }
        else
        {
            old.RevokedUtc = clock.GetUtcNow().UtcDateTime;
            old.RevocationReason = ReplacedReason;
            await db.SaveChangesAsync(ct); // frees the one-live-per-completion slot
        }

        var replacement = await NewCertificateAsync(old.CompletionId, ct);
        db.Certificates.Add(replacement);
        await db.SaveChangesAsync(ct);

        old.ReplacedByCertificateId = replacement.Id;
        if (afterReview)
            audit.Record("certificate.reissued", "Certificate", replacement.Code, $"Reemplaza a {old.Code}, revocado, tras revisión: {reviewReason!.Trim()}");
        else
        {
            audit.Record("certificate.revoked", "Certificate", old.Code, $"Motivo: {ReplacedReason} por {replacement.Code}");
            audit.Record("certificate.reissued", "Certificate", replacement.Code, $"Reemplaza a {old.Code}");
        }
        await notices.CertificateReissuedAsync(old, replacement, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return replacement;
    }

    private Task<Certificate?> LiveAsync(int completionId, CancellationToken ct) =>
        db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.CompletionId == completionId && c.RevokedUtc == null, ct);

    /// <summary>What a certificate of the completion is made of, read in one query.</summary>
    private sealed record Source(int PersonId, string GivenNames, string FamilyNames, People.DocumentType DocumentType, string DocumentNumber,
        string CourseId, string Title, string? Version, int Hours, DateTime CompletedUtc, Guid? SubjectId, int? LiveId, bool AnyRevoked,
        Mail.Notices.Candidate Recipient, Learning.CompletionSource Origin, bool Imported, string? ExternalCertificate);

    private async Task<Source> SourceAsync(int completionId, CancellationToken ct) =>
        await db.Completions.AsNoTracking()
            .Where(c => c.Id == completionId)
            .Titled(db).Select(t => new Source(
                t.Completion.PersonId, t.Completion.Person.GivenNames, t.Completion.Person.FamilyNames, t.Completion.Person.DocumentType, t.Completion.Person.DocumentNumber, t.Completion.CourseId,
                t.Title, // in person and imported records name no version: CompletionTitles says what they show
                t.Completion.CourseVersion != null ? t.Completion.CourseVersion.Version : db.CourseVersions.Where(v => v.CourseId == t.Completion.CourseId && v.IsCurrent).Select(v => v.Version).FirstOrDefault(),
                t.Completion.Hours, t.Completion.CompletedUtc,
                db.CredentialHolders.Where(h => h.PersonId == t.Completion.PersonId).Select(h => (Guid?)h.SubjectId).FirstOrDefault(),
                db.Certificates.Where(x => x.CompletionId == t.Completion.Id && x.RevokedUtc == null).Select(x => (int?)x.Id).FirstOrDefault(),
                db.Certificates.Any(x => x.CompletionId == t.Completion.Id && x.RevokedUtc != null),
                new Mail.Notices.Candidate(t.Completion.PersonId, t.Completion.Person.Email, t.Completion.Person.GivenNames, t.Completion.Person.FamilyNames, t.Completion.Person.Audience, t.Completion.Person.BirthDate,
                    t.Completion.Person.AnonymizedUtc != null),
                t.Completion.Source, t.Completion.ImportId != null, t.Completion.ExternalCertificate))
            .SingleOrDefaultAsync(ct)
        ?? throw new InvalidOperationException($"No existe la finalización {completionId}.");

    private async Task<Certificate> NewCertificateAsync(int completionId, CancellationToken ct) =>
        await NewCertificateAsync(completionId, await SourceAsync(completionId, ct), ct);

    private async Task<Certificate> NewCertificateAsync(int completionId, Source source, CancellationToken ct)
    {
        var title = source.Title;
        var version = source.Version;
        var completedOn = DateOnly.FromDateTime(Bogota.ToLocal(source.CompletedUtc));
        var settings = catalog.Settings;
        if (string.IsNullOrWhiteSpace(settings.Entity.Name) || string.IsNullOrWhiteSpace(settings.Signatory.Title))
            throw new InvalidOperationException(
                "No se puede emitir el certificado: content/scari.yaml no trae el nombre de la entidad (entity.name) o el cargo firmante (signatory.title).");
        var certificate = new Certificate
        {
            // A record of training given before (in person, or imported history) carries the year it was completed, not
            // the year someone asked for its certificate: a 2022 completion is SCARI-2022-….
            Code = CertificateCode.New(source.Origin == Learning.CompletionSource.Online && !source.Imported ? Bogota.Today(clock).Year : completedOn.Year),
            CompletionId = completionId,
            PersonId = source.PersonId,
            HolderName = $"{source.GivenNames} {source.FamilyNames}".Trim(),
            DocumentType = source.DocumentType.ToString(),
            DocumentNumber = source.DocumentNumber,
            CourseId = source.CourseId,
            CourseTitle = title,
            CourseVersion = version ?? "",
            Hours = source.Hours,
            CompletedOn = completedOn,
            SignatoryTitle = settings.Signatory.Title,
            EntityName = settings.Entity.Name,
            Provenance = Provenance(source.Origin, source.Imported, source.ExternalCertificate),
            IssuedUtc = SignedFields.TruncateToSeconds(clock.GetUtcNow().UtcDateTime),
        };
        certificate.StatusListIndex = StatusList.RandomIndex();
        certificate.ValidUntilUtc = catalog.Find(source.CourseId)?.ValidFor is { } validFor
            ? validFor.AddTo(certificate.IssuedUtc) : null;
        var subjectId = HolderSubjectId(source.PersonId, source.SubjectId);
        var baseUrl = links.BaseUrl;
        var (key, rsa) = await keys.SigningKeyAsync(certificate.IssuedUtc, ct);
        var hasImage = !string.IsNullOrWhiteSpace(settings.Entity.LogoPath);
        var payload = OpenBadgeCredential.Payload(FactsOf(certificate, subjectId), baseUrl, hasImage);
        certificate.CredentialJwt = OpenBadgeCredential.Sign(payload, rsa, key.KeyUrl(baseUrl));
        return certificate;
    }

    internal static OpenBadgeCredential.Facts FactsOf(Certificate c, Guid subjectId) => new(
        c.Code, subjectId, c.HolderName, c.CourseId, c.CourseTitle, c.CourseVersion, c.Hours, c.CompletedOn,
        c.EntityName, c.SignatoryTitle, c.IssuedUtc, c.ValidUntilUtc, c.StatusListIndex ?? -1, c.Provenance);

    public const string ImportedProvenance = "Formación impartida en otro lugar (registro histórico importado por SCARI)";

    /// <summary>The line a certificate carries about where the training was given; null for SCARI's own online courses.</summary>
    public static string? Provenance(Learning.CompletionSource origin, bool imported, string? externalCertificate) =>
        imported
            ? ImportedProvenance + (string.IsNullOrWhiteSpace(externalCertificate) ? "." : $"; certificado del otro sistema: {externalCertificate.Trim()}.")
            : origin switch
            {
                Learning.CompletionSource.InPerson => "Formación presencial: asistencia registrada en SCARI.",
                Learning.CompletionSource.External => "Formación de un proveedor externo: asistencia registrada en SCARI.",
                _ => null,
            };

    /// <summary>The person's random subject id, created with their first credential (saved with it).</summary>
    private Guid HolderSubjectId(int personId, Guid? stored)
    {
        if (stored is { } id) return id;
        var holder = db.CredentialHolders.Local.FirstOrDefault(h => h.PersonId == personId);
        if (holder is null) db.CredentialHolders.Add(holder = new CredentialHolder { PersonId = personId, SubjectId = Guid.NewGuid() });
        return holder.SubjectId;
    }
}
