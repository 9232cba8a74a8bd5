using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.Learning;

/// <summary>
/// What a learner can do with the certificate of one enrollment: download and verify it, read why it was revoked, or
/// get it issued (when issuing failed at completion). Shown on Mi aprendizaje and on the course's last step.
/// </summary>
public sealed record CertificateOffer(int EnrollmentId, string CourseTitle, int? CompletionId, string? Code, string? RevokedCode,
    DateTime? RevokedUtc, string? RevocationReason)
{
    public static Task<CertificateOffer?> ForEnrollmentAsync(ScariDbContext db, int enrollmentId, CancellationToken ct) =>
        Of(db, db.Enrollments.Where(e => e.Id == enrollmentId)).SingleOrDefaultAsync(ct);

    /// <summary>The certificate of each enrollment, one row each, in one query.</summary>
    public static IQueryable<CertificateOffer> Of(ScariDbContext db, IQueryable<Enrollment.Enrollment> enrollments) =>
        enrollments.AsNoTracking()
            .Select(e => new CertificateOffer(e.Id, e.CourseVersion.Title,
                db.Completions.Where(c => c.EnrollmentId == e.Id).Select(c => (int?)c.Id).FirstOrDefault(),
                db.Certificates.Where(c => c.Completion.EnrollmentId == e.Id && c.RevokedUtc == null).Select(c => c.Code).FirstOrDefault(),
                // A revocation that stands is final for the learner: the page says so instead of offering the certificate.
                db.Certificates.Where(c => c.Completion.EnrollmentId == e.Id && c.RevokedUtc != null && c.ReplacedByCertificateId == null)
                    .OrderByDescending(c => c.RevokedUtc).Select(c => c.Code).FirstOrDefault(),
                db.Certificates.Where(c => c.Completion.EnrollmentId == e.Id && c.RevokedUtc != null && c.ReplacedByCertificateId == null)
                    .OrderByDescending(c => c.RevokedUtc).Select(c => c.RevokedUtc).FirstOrDefault(),
                db.Certificates.Where(c => c.Completion.EnrollmentId == e.Id && c.RevokedUtc != null && c.ReplacedByCertificateId == null)
                    .OrderByDescending(c => c.RevokedUtc).Select(c => c.RevocationReason).FirstOrDefault()));
}
