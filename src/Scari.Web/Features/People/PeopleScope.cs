using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.People;

/// <summary>
/// Whose personal data the signed-in account may see: an administrador everyone, a coordinador the people of
/// their colegio or dependencia, a learner only their own person, anyone else nobody. Read from the database on
/// each request (not from the cookie), so a change of role or scope applies at once.
/// Use it on every staff query over people: <c>db.People.VisibleTo(scope)</c>.
/// </summary>
public sealed record PeopleScope(bool Everyone, int? ColegioId, int? DependenciaId, int? OwnPersonId)
{
    public static readonly PeopleScope Nobody = new(false, null, null, null);

    public bool IsCoordinator => !Everyone && (ColegioId is not null || DependenciaId is not null);

    public static async Task<PeopleScope> ForAsync(ScariDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return Nobody;
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.PersonId, u.CoordinatedColegioId, u.CoordinatedDependenciaId })
            .FirstOrDefaultAsync(ct);
        if (account is null) return Nobody;
        var roles = await db.UserRoles.Where(r => r.UserId == userId).Select(r => r.RoleId).ToListAsync(ct);
        if (roles.Contains(Roles.Administrador.ToLowerInvariant())) return new(true, null, null, account.PersonId);
        if (roles.Contains(Roles.Coordinador.ToLowerInvariant()))
            return new(false, account.CoordinatedColegioId, account.CoordinatedDependenciaId, account.PersonId);
        return new(false, null, null, account.PersonId);
    }

    /// <summary>True when a person of that colegio/dependencia (or that id) is within this scope.</summary>
    public bool Covers(int personId, int? colegioId, int? dependenciaId) =>
        Everyone
        || (ColegioId is not null && colegioId == ColegioId)
        || (DependenciaId is not null && dependenciaId == DependenciaId)
        || (OwnPersonId is not null && personId == OwnPersonId);
}

public static class PeopleScopeExtensions
{
    public static IQueryable<Person> VisibleTo(this IQueryable<Person> people, PeopleScope scope)
    {
        if (scope.Everyone) return people;
        int? colegio = scope.ColegioId, dependencia = scope.DependenciaId, own = scope.OwnPersonId;
        if (colegio is null && dependencia is null && own is null) return people.Where(_ => false);
        return people.Where(p =>
            (colegio != null && p.ColegioId == colegio)
            || (dependencia != null && p.DependenciaId == dependencia)
            || (own != null && p.Id == own));
    }

    /// <summary>The scope of the current request's user.</summary>
    public static Task<PeopleScope> PeopleScopeAsync(this ScariDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        PeopleScope.ForAsync(db, user, ct);
}
