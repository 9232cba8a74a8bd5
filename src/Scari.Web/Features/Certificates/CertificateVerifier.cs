using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// The check behind /verificar and /api/v1/certificados/{codigo}: reads the row, verifies its stored proof against the
/// published key and that the proof states exactly the facts the page shows, and only then says valid. An edited row,
/// a forged credential or a key that is not SCARI's comes out as "firma no válida" (and is logged).
/// </summary>
public sealed class CertificateVerifier(ScariDbContext db, CredentialKeys keys, CertificateKeys legacyKeys,
    TimeProvider clock, ILogger<CertificateVerifier> log)
{
    private sealed record Row(int Id, string Code, string HolderName, string DocumentType, string DocumentNumber, string CourseId,
        string CourseTitle, string CourseVersion, int Hours, DateOnly CompletedOn, string SignatoryTitle, string EntityName,
        DateTime IssuedUtc, string Signature, string? CredentialJwt, int? StatusListIndex, DateTime? ValidUntilUtc,
        DateTime? RevokedUtc, string? ReplacedByCode, bool HolderSuppressed, DateTime? MergedUtc, string? Provenance);

    /// <summary>The public facts of a certificate by its code (typed loosely) and whether its proof holds; null for an unknown code.</summary>
    public async Task<PublicCertificate?> FindAsync(string? codigo, CancellationToken ct)
    {
        if (CertificateCode.Normalize(codigo) is not { } code) return null;
        var row = await db.Certificates.AsNoTracking()
            .Where(c => c.Code == code)
            .Select(c => new Row(c.Id, c.Code, c.HolderName, c.DocumentType, c.DocumentNumber, c.CourseId, c.CourseTitle,
                c.CourseVersion, c.Hours, c.CompletedOn, c.SignatoryTitle, c.EntityName, c.IssuedUtc, c.Signature, c.CredentialJwt,
                c.StatusListIndex, c.ValidUntilUtc, c.RevokedUtc,
                db.Certificates.Where(r => r.Id == c.ReplacedByCertificateId).Select(r => r.Code).FirstOrDefault(),
                c.HolderSuppressedUtc != null,
                db.PersonMerges.Where(m => m.Id == c.MovedByMergeId && m.UndoneUtc == null).Select(m => (DateTime?)m.MergedUtc).FirstOrDefault(),
                c.Provenance))
            .SingleOrDefaultAsync(ct);
        if (row is null) return null;

        // An anonymized holder's snapshot was erased on purpose: there is no proof left to check, and the page says so.
        var problem = row.HolderSuppressed ? null : await ProofProblemAsync(row, ct);
        if (problem is not null)
            log.LogWarning("Firma no válida del certificado {Code}: {Problem}", row.Code, problem);
        return new PublicCertificate(row.Code, row.HolderName, row.DocumentType, row.DocumentNumber, row.CourseTitle, row.Hours,
            row.CompletedOn, row.EntityName, row.RevokedUtc, row.ReplacedByCode, row.HolderSuppressed,
            SignatureValid: problem is null, row.IssuedUtc, row.ValidUntilUtc,
            Expired: row.ValidUntilUtc is { } until && until <= clock.GetUtcNow().UtcDateTime,
            OpenBadge: row.CredentialJwt is not null) { MergedUtc = row.MergedUtc, Provenance = row.Provenance };
    }

    /// <summary>Null when the stored proof verifies and states the row's facts; else why not (for the log).</summary>
    private async Task<string?> ProofProblemAsync(Row row, CancellationToken ct)
    {
        if (row.CredentialJwt is null)
        {
            // Issued before Open Badges 3.0: SCARI's ECDSA signature over the snapshot (document included).
            var legacy = await legacyKeys.GetAsync(ct);
            return legacy.Verify(new SignedFields(row.Code, row.HolderName, row.DocumentType, row.DocumentNumber, row.CourseId,
                row.CourseTitle, row.CourseVersion, row.Hours, row.CompletedOn, row.SignatoryTitle, row.EntityName, row.IssuedUtc), row.Signature)
                ? null : "la firma ECDSA no corresponde a los datos guardados";
        }

        var kid = OpenBadgeCredential.KeyIdOf(row.CredentialJwt);
        const string marker = "/emisor/claves/";
        if (kid is null || kid.LastIndexOf(marker, StringComparison.Ordinal) is var at && at < 0)
            return "la credencial no nombra una clave de SCARI";
        var key = await keys.FindPublishedAsync(kid[(at + marker.Length)..], ct);
        if (key is null) return $"la clave {kid} no está publicada";
        var check = await OpenBadgeCredential.VerifyAsync(row.CredentialJwt, key.SecurityKey(kid));
        if (!check.Valid || check.Facts is not { } f) return check.Message;

        var expected = new OpenBadgeCredential.Facts(row.Code, f.SubjectId, row.HolderName, row.CourseId, row.CourseTitle,
            row.CourseVersion, row.Hours, row.CompletedOn, row.EntityName, row.SignatoryTitle, row.IssuedUtc, row.ValidUntilUtc,
            row.StatusListIndex ?? -1, row.Provenance);
        return f == expected ? null : "la credencial firmada no dice lo mismo que los datos guardados";
    }
}
