using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Certificates;

/// <summary>Who is asking, as far as certificates care: the learner's own person, or a staff scope.</summary>
public sealed record CertificateViewer(bool IsAdministrator, bool IsCoordinator, int? PersonId, int? ColegioId, int? DependenciaId)
{
    public static readonly CertificateViewer Nobody = new(false, false, null, null, null);

    public bool IsStaff => IsAdministrator || IsCoordinator;
}

/// <summary>
/// Scopes certificates and completions: the owner (ScariUser.PersonId), an administrator, or a coordinator whose
/// colegio or dependencia is the person's. Everyone else is answered as if the certificate did not exist.
/// </summary>
public sealed class CertificateAccess(ScariDbContext db)
{
    public async Task<CertificateViewer> ViewerAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return CertificateViewer.Nobody;
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.PersonId, u.CoordinatedColegioId, u.CoordinatedDependenciaId })
            .SingleOrDefaultAsync(ct);
        if (account is null) return CertificateViewer.Nobody;
        return new CertificateViewer(
            user.IsInRole(Roles.Administrador),
            user.IsInRole(Roles.Coordinador),
            account.PersonId, account.CoordinatedColegioId, account.CoordinatedDependenciaId);
    }

    /// <summary>The certificates this viewer may open.</summary>
    public IQueryable<Certificate> Certificates(CertificateViewer viewer)
    {
        var all = db.Certificates.AsNoTracking();
        if (viewer.IsAdministrator) return all;
        var own = viewer.PersonId;
        if (!viewer.IsCoordinator) return own is null ? all.Where(_ => false) : all.Where(c => c.PersonId == own);
        var colegio = viewer.ColegioId;
        var dependencia = viewer.DependenciaId;
        return all.Where(c => c.PersonId == own
            || (colegio != null && c.Completion.Person.ColegioId == colegio)
            || (dependencia != null && c.Completion.Person.DependenciaId == dependencia));
    }

    /// <summary>Whether the viewer may have a certificate issued for this completion.</summary>
    public Task<bool> CanIssueAsync(CertificateViewer viewer, int completionId, CancellationToken ct)
    {
        var completions = db.Completions.AsNoTracking().Where(c => c.Id == completionId);
        if (viewer.IsAdministrator) return completions.AnyAsync(ct);
        var own = viewer.PersonId;
        if (!viewer.IsCoordinator) return own is null ? Task.FromResult(false) : completions.AnyAsync(c => c.PersonId == own, ct);
        var colegio = viewer.ColegioId;
        var dependencia = viewer.DependenciaId;
        return completions.AnyAsync(c => c.PersonId == own
            || (colegio != null && c.Person.ColegioId == colegio)
            || (dependencia != null && c.Person.DependenciaId == dependencia), ct);
    }
}
