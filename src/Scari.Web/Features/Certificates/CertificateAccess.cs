using Scari.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// Scopes certificates and completions: the owner (ScariUser.PersonId), an administrator, or a coordinator whose
/// colegio or dependencia is the person's (the people feature's scope). Everyone else is answered as if the
/// certificate did not exist.
/// </summary>
public sealed class CertificateAccess(ScariDbContext db)
{
    /// <summary>The certificates this viewer may open.</summary>
    public IQueryable<Certificate> Certificates(CurrentAccount viewer) =>
        db.Certificates.AsNoTracking().Where(viewer.People.Covers<Certificate>(c => c.Completion.Person));

    /// <summary>Whether the viewer may have a certificate issued for this completion (never for a voided record; for an imported one only an administrator).</summary>
    public Task<bool> CanIssueAsync(CurrentAccount viewer, int completionId, CancellationToken ct) =>
        db.Completions.AsNoTracking().Where(c => c.Id == completionId && c.VoidedUtc == null && (c.ImportId == null || viewer.IsAdministrator)).AnyAsync(viewer.People.Covers<Learning.Completion>(c => c.Person), ct);
}
