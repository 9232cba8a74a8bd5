using System.Linq.Expressions;
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

    public static async Task<PeopleScope> ForAsync(ScariDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        (await ScopedAccount.LoadAsync(db, user, ct))?.People ?? Nobody;

    /// <summary>True when a person of that colegio/dependencia (or that id) is within this scope.</summary>
    public bool Covers(int personId, int? colegioId, int? dependenciaId) =>
        Everyone
        || (ColegioId is not null && colegioId == ColegioId)
        || (DependenciaId is not null && dependenciaId == DependenciaId)
        || (OwnPersonId is not null && personId == OwnPersonId);
}

/// <summary>
/// The signed-in account as every scoped query sees it: its roles and the colegio/dependencia it coordinates,
/// read from the database on each request (one place for every feature: people, enrollment, certificates,
/// indicators). Features add their own rules on top (tutors follow their cohorts), the people part is <see cref="People"/>.
/// </summary>
public sealed record ScopedAccount(string UserId, bool IsAdministrator, bool IsCoordinator, bool IsTutor,
    int? ColegioId, int? DependenciaId, int? PersonId)
{
    /// <summary>Null when nobody is signed in or the account no longer exists.</summary>
    public static async Task<ScopedAccount?> LoadAsync(ScariDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return null;
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.PersonId, u.CoordinatedColegioId, u.CoordinatedDependenciaId })
            .FirstOrDefaultAsync(ct);
        if (account is null) return null;
        var roles = await db.UserRoles.Where(r => r.UserId == userId).Select(r => r.RoleId).ToListAsync(ct);
        return new ScopedAccount(userId,
            roles.Contains(Roles.Administrador.ToLowerInvariant()),
            roles.Contains(Roles.Coordinador.ToLowerInvariant()),
            roles.Contains(Roles.Tutor.ToLowerInvariant()),
            account.CoordinatedColegioId, account.CoordinatedDependenciaId, account.PersonId);
    }

    /// <summary>
    /// Whose personal data this account may see: an administrador everyone, a coordinador the people of their
    /// colegio or dependencia, anyone the person linked to the account.
    /// </summary>
    public PeopleScope People =>
        IsAdministrator ? new(true, null, null, PersonId)
        : IsCoordinator ? new(false, ColegioId, DependenciaId, PersonId)
        : new(false, null, null, PersonId);

    /// <summary>The same as <see cref="People"/> without the account's own person: the people staff work on.</summary>
    public PeopleScope Staff => People with { OwnPersonId = null };
}

public static class PeopleScopeExtensions
{
    public static IQueryable<Person> VisibleTo(this IQueryable<Person> people, PeopleScope scope) =>
        people.Where(scope.Predicate());

    /// <summary>The scope as a condition on a person: the one rule every scoped query over people uses.</summary>
    public static Expression<Func<Person, bool>> Predicate(this PeopleScope scope)
    {
        if (scope.Everyone) return _ => true;
        int? colegio = scope.ColegioId, dependencia = scope.DependenciaId, own = scope.OwnPersonId;
        if (colegio is null && dependencia is null && own is null) return _ => false;
        return p =>
            (colegio != null && p.ColegioId == colegio)
            || (dependencia != null && p.DependenciaId == dependencia)
            || (own != null && p.Id == own);
    }

    /// <summary>
    /// The scope as a condition on the person reached from a row (an enrollment's, a certificate's completion's),
    /// optionally widened by the feature's own rule (a tutor's cohorts): <c>scope.Covers&lt;Enrollment&gt;(e =&gt; e.Person, e =&gt; ...)</c>.
    /// </summary>
    public static Expression<Func<T, bool>> Covers<T>(this PeopleScope scope, Expression<Func<T, Person>> person,
        Expression<Func<T, bool>>? orElse = null)
    {
        var predicate = scope.Predicate();
        var row = person.Parameters[0];
        Expression body = new Substitute(predicate.Parameters[0], person.Body).Visit(predicate.Body);
        if (orElse is not null) body = Expression.OrElse(body, new Substitute(orElse.Parameters[0], row).Visit(orElse.Body));
        return Expression.Lambda<Func<T, bool>>(body, row);
    }

    private sealed class Substitute(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    /// <summary>The scope of the current request's user.</summary>
    public static Task<PeopleScope> PeopleScopeAsync(this ScariDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        PeopleScope.ForAsync(db, user, ct);
}
