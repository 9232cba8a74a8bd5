using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Certificates;

public enum DocumentAnswer { Yes, No, UnknownCertificate, TooManyChecks, InvalidInput }

/// <summary>
/// "Does certificate C belong to document D?", answered yes or no and nothing else. The credential does not carry the
/// document, and /verificar shows it masked (about a million candidates), so the question is limited per certificate
/// (<see cref="PerCertificatePerDay"/> in 24 hours, whoever asks) as well as per IP (the "documento" rate limit), and every
/// answer is audited without the number asked about.
/// </summary>
public sealed class DocumentConfirmation(ScariDbContext db, AuditLog audit, TimeProvider clock)
{
    public const int PerCertificatePerDay = 5;

    public async Task<DocumentAnswer> AskAsync(string? codigo, string? documentType, string? documentNumber, CancellationToken ct)
    {
        if (CertificateCode.Normalize(codigo) is not { } code) return DocumentAnswer.UnknownCertificate;
        if (DocumentRules.ParseType(documentType) is not { } type) return DocumentAnswer.InvalidInput;
        var number = DocumentRules.Normalize(documentNumber);
        if (number.Length is 0 or > 20) return DocumentAnswer.InvalidInput;

        var certificate = await db.Certificates.AsNoTracking()
            .Where(c => c.Code == code && c.HolderSuppressedUtc == null)
            .Select(c => new { c.Id, c.DocumentType, c.DocumentNumber, c.PersonId }).SingleOrDefaultAsync(ct);
        if (certificate is null) return DocumentAnswer.UnknownCertificate;

        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-1);
        if (await db.CertificateDocumentChecks.CountAsync(d => d.CertificateId == certificate.Id && d.AtUtc > since, ct) >= PerCertificatePerDay)
        {
            audit.Record("certificate.document-check-refused", "Certificate", code, $"Más de {PerCertificatePerDay} consultas en 24 horas");
            await db.SaveChangesAsync(ct);
            return DocumentAnswer.TooManyChecks;
        }

        // The document printed on it, or the holder's document today or any they renewed (a TI certificate of a student who now has a CC).
        var matched = certificate.DocumentType == type.ToString() && certificate.DocumentNumber == number
            || await DocumentLookup.PersonIdAsync(db, type, number, ct) == certificate.PersonId;
        db.CertificateDocumentChecks.Add(new CertificateDocumentCheck { CertificateId = certificate.Id, AtUtc = now, Matched = matched });
        audit.Record("certificate.document-checked", "Certificate", code, matched ? "Respuesta: sí" : "Respuesta: no");
        await db.SaveChangesAsync(ct);
        return matched ? DocumentAnswer.Yes : DocumentAnswer.No;
    }

    public static string Message(DocumentAnswer answer) => answer switch
    {
        DocumentAnswer.Yes => "Sí: el certificado fue otorgado a la persona con ese documento.",
        DocumentAnswer.No => "No: el certificado no fue otorgado a ese documento.",
        DocumentAnswer.UnknownCertificate => "No hay ningún certificado vigente con ese código que permita confirmar un documento.",
        DocumentAnswer.TooManyChecks => $"Este certificado ya recibió {PerCertificatePerDay} consultas de documento en las últimas 24 horas. Intente mañana o pida al titular una copia de su certificado.",
        _ => "Elija el tipo de documento (CC, TI, CE, PPT, PEP, PA o RC) y escriba el número.",
    };
}
