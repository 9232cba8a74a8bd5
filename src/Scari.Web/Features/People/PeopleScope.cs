using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.People;

/// <summary>
/// Whose personal data the signed-in account may see: an administrador everyone, a coordinador the people of
/// their colegio or dependencia, a learner only their own person, anyone else nobody. It comes from the request's
/// <see cref="CurrentAccount"/> (the database's roles, read once per request). Use it on every staff query over people:
/// <c>db.People.VisibleTo(account.Staff)</c>.
/// </summary>
public sealed record PeopleScope(bool Everyone, int? ColegioId, int? DependenciaId, int? OwnPersonId)
{
    public static readonly PeopleScope Nobody = new(false, null, null, null);

    public bool IsCoordinator => !Everyone && (ColegioId is not null || DependenciaId is not null);

    /// <summary>True when a person of that colegio/dependencia (or that id) is within this scope.</summary>
    public bool Covers(int personId, int? colegioId, int? dependenciaId) =>
        Everyone
        || (ColegioId is not null && colegioId == ColegioId)
        || (DependenciaId is not null && dependenciaId == DependenciaId)
        || (OwnPersonId is not null && personId == OwnPersonId);
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
}
