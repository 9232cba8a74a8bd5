using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Certificates;

/// <summary>Who is asking, as far as certificates care: the shared account scope (<see cref="ScopedAccount"/>).</summary>
public sealed record CertificateViewer(ScopedAccount? Account)
{
    public static readonly CertificateViewer Nobody = new((ScopedAccount?)null);

    public bool IsAdministrator => Account?.IsAdministrator == true;
    public int? PersonId => Account?.PersonId;

    /// <summary>Whose certificates: the owner's own, an administrator's all, a coordinator's colegio or dependencia.</summary>
    public PeopleScope People => Account?.People ?? PeopleScope.Nobody;
}

/// <summary>
/// Scopes certificates and completions: the owner (ScariUser.PersonId), an administrator, or a coordinator whose
/// colegio or dependencia is the person's (the people feature's scope). Everyone else is answered as if the
/// certificate did not exist.
/// </summary>
public sealed class CertificateAccess(ScariDbContext db)
{
    public async Task<CertificateViewer> ViewerAsync(ClaimsPrincipal user, CancellationToken ct) =>
        new(await ScopedAccount.LoadAsync(db, user, ct));

    /// <summary>The certificates this viewer may open.</summary>
    public IQueryable<Certificate> Certificates(CertificateViewer viewer) =>
        db.Certificates.AsNoTracking().Where(viewer.People.Covers<Certificate>(c => c.Completion.Person));

    /// <summary>Whether the viewer may have a certificate issued for this completion.</summary>
    public Task<bool> CanIssueAsync(CertificateViewer viewer, int completionId, CancellationToken ct) =>
        db.Completions.AsNoTracking().Where(c => c.Id == completionId).AnyAsync(viewer.People.Covers<Learning.Completion>(c => c.Person), ct);
}
