using Scari.Web.Features.People;

namespace Scari.Web.Features.Accounts;

/// <summary>
/// The signed-in account of this request, read from the database once per request when the session cookie is
/// validated (<see cref="AccountSessions"/>): user, person, roles and scope. The roles are the database's, never the
/// cookie's, and a role that needs two-factor sign-in counts only when this session proved it
/// (<see cref="RolesAwaitingTwoFactor"/> lists the ones held back). Every scoped query and every role check reads it:
/// <c>[Authorize(Roles = …)]</c> and <c>User.IsInRole</c> see the same roles, because the validated principal carries them.
/// Resolve it as a scoped service or with <c>HttpContext.Account()</c>.
/// </summary>
public sealed record CurrentAccount(string UserId, bool IsAdministrator, bool IsCoordinator, bool IsTutor,
    int? ColegioId, int? DependenciaId, int? PersonId)
{
    public static readonly CurrentAccount Anonymous = new("", false, false, false, null, null, null);

    public bool IsSignedIn => UserId.Length > 0;
    public string? SessionId { get; init; }
    /// <summary>This session proved a second factor.</summary>
    public bool TwoFactor { get; init; }
    /// <summary>Roles the account has in the database but that this session may not use until it signs in with two-factor.</summary>
    public IReadOnlyList<string> RolesAwaitingTwoFactor { get; init; } = [];
    /// <summary>Right after a code sign-in: the learner may set a password once without the current one.</summary>
    public bool MaySetPasswordWithoutCurrent { get; init; }

    public bool IsStaff => IsAdministrator || IsCoordinator || IsTutor;
    /// <summary>Administrators and coordinators enroll, withdraw and build cohorts; tutors only follow theirs.</summary>
    public bool CanManage => IsAdministrator || IsCoordinator;

    /// <summary>The roles this request may use (the database's, minus those awaiting two-factor).</summary>
    public IEnumerable<string> Roles
    {
        get
        {
            if (IsAdministrator) yield return Accounts.Roles.Administrador;
            if (IsCoordinator) yield return Accounts.Roles.Coordinador;
            if (IsTutor) yield return Accounts.Roles.Tutor;
            if (IsLearner) yield return Accounts.Roles.Aprendiz;
        }
    }

    public bool IsLearner { get; init; }

    /// <summary>
    /// How the header greets the account: its person's name, or else the account's full name; empty when neither is
    /// known (the header then falls back to the user name). Never the document number a code sign-in uses as user name.
    /// </summary>
    public string DisplayName { get; init; } = "";

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

    /// <summary>
    /// The one audience this account works with, or null for both: a coordinator of a colegio works with students
    /// and youth courses, one of a dependencia with civil servants and staff courses; administrators (and tutors,
    /// who follow the cohorts handed to them) are not narrowed.
    /// </summary>
    public Audience? WorkAudience =>
        IsAdministrator || !IsCoordinator ? null
        : ColegioId is not null ? Audience.Student
        : DependenciaId is not null ? Audience.Staff
        : null;

    /// <summary>Whether people of this audience (and the courses meant for them) belong to this account's work.</summary>
    public bool WorksWith(Audience audience) => WorkAudience is null || WorkAudience == audience;
}

public static class CurrentAccountAccess
{
    /// <summary>The account of this request (anonymous before authentication ran or when nobody is signed in).</summary>
    public static CurrentAccount Account(this HttpContext http) => http.Features.Get<CurrentAccount>() ?? CurrentAccount.Anonymous;
}
