using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Accounts;

public sealed class StaffAccountInput
{
    public string? FullName { get; set; }
    public string? Email { get; set; }
    public string? Role { get; set; }
    public int? ColegioId { get; set; }
    public int? DependenciaId { get; set; }
}

/// <summary>Administrators create the accounts of coordinators, tutors and other administrators, and change their role or scope.</summary>
public sealed class StaffAccounts(ScariDbContext db, UserManager<ScariUser> users, TimeProvider clock, AuditLog audit, AccountMail accountMail)
{
    public static readonly IReadOnlyList<string> StaffRoles = [Roles.Administrador, Roles.Coordinador, Roles.Tutor];

    public sealed record Row(string Id, string UserName, string FullName, string? Email, string Role, string? Scope, bool LockedOut,
        bool InvitationPending, DateTime? InvitedUtc);

    public async Task<IReadOnlyList<Row>> ListAsync(DateTime now, CancellationToken ct)
    {
        var staffRoleIds = StaffRoles.Select(r => r.ToLowerInvariant()).ToList();
        return await (
            from u in db.Users.AsNoTracking()
            join ur in db.UserRoles on u.Id equals ur.UserId
            where staffRoleIds.Contains(ur.RoleId)
            join r in db.Roles on ur.RoleId equals r.Id
            orderby u.FullName
            select new Row(u.Id, u.UserName!, u.FullName, u.Email, r.Name!,
                db.Colegios.Where(c => c.Id == u.CoordinatedColegioId).Select(c => c.Name).FirstOrDefault()
                    ?? db.Dependencias.Where(d => d.Id == u.CoordinatedDependenciaId).Select(d => d.Name).FirstOrDefault(),
                u.LockoutEnd != null && u.LockoutEnd > now, u.PasswordHash == null, u.InvitedUtc))
            .ToListAsync(ct);
    }

    private async Task<FieldErrors> ValidateRoleAndScopeAsync(StaffAccountInput input, CancellationToken ct)
    {
        var e = new FieldErrors();
        if (!StaffRoles.Contains(input.Role ?? "")) e[nameof(input.Role)] = "Elija el rol: Administrador, Coordinador o Tutor.";
        else if (input.Role == Roles.Coordinador)
        {
            if ((input.ColegioId is null) == (input.DependenciaId is null))
                e[nameof(input.ColegioId)] = "Un coordinador sigue a un colegio o a una dependencia: elija uno de los dos, no ambos.";
            else if (input.ColegioId is { } c && !await db.Colegios.AnyAsync(x => x.Id == c && x.Active, ct))
                e[nameof(input.ColegioId)] = "Elija el colegio de la lista.";
            else if (input.DependenciaId is { } d && !await db.Dependencias.AnyAsync(x => x.Id == d && x.Active, ct))
                e[nameof(input.DependenciaId)] = "Elija la dependencia de la lista.";
        }
        return e;
    }

    public async Task<(string? UserId, FieldErrors Errors)> CreateAsync(StaffAccountInput input, CancellationToken ct)
    {
        var e = await ValidateRoleAndScopeAsync(input, ct);
        var name = PersonRules.CleanName(input.FullName);
        if (name.Length is 0 or > 200) e[nameof(input.FullName)] = "Escriba el nombre completo (hasta 200 caracteres).";
        e.AddIf(nameof(input.Email), PersonRules.ValidateEmail(input.Email, required: true));
        var email = PersonRules.NormalizeEmail(input.Email);
        if (!e.ContainsKey(nameof(input.Email)) && await users.FindByNameAsync(email) is not null)
            e[nameof(input.Email)] = $"Ya existe una cuenta con el correo {email}.";
        if (e.Count > 0) return (null, e);

        var coordinator = input.Role == Roles.Coordinador;
        var user = new ScariUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = name,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            CoordinatedColegioId = coordinator ? input.ColegioId : null,
            CoordinatedDependenciaId = coordinator ? input.DependenciaId : null,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // No password: the person chooses it with the invitation link (AccountMail), queued in this transaction.
        var result = await users.CreateAsync(user);
        if (result.Succeeded) result = await users.AddToRoleAsync(user, input.Role!);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            e[result.Errors.Any(x => x.Code == "DuplicateEmail") ? nameof(input.Email) : ""] = string.Join(" ", result.Errors.Select(x => x.Description));
            return (null, e);
        }
        await accountMail.QueueInvitationAsync(user, input.Role!, ct);
        await users.UpdateAsync(user);
        audit.Record("account.created", "User", user.Id, $"{email}, rol {input.Role}{ScopeText(user)}, invitación enviada");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (user.Id, e);
    }

    public async Task<FieldErrors?> ChangeRoleAsync(string userId, StaffAccountInput input, string actingUserId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return null;
        var current = (await users.GetRolesAsync(user)).FirstOrDefault(StaffRoles.Contains);
        if (current is null) return null;
        var e = await ValidateRoleAndScopeAsync(input, ct);
        if (e.Count > 0) return e;
        if (current == Roles.Administrador && input.Role != Roles.Administrador)
        {
            if (userId == actingUserId) { e[nameof(input.Role)] = "No puede quitarse a sí mismo el rol de administrador: pídaselo a otro administrador."; return e; }
            var admins = await db.UserRoles.CountAsync(r => r.RoleId == Roles.Administrador.ToLowerInvariant(), ct);
            if (admins <= 1) { e[nameof(input.Role)] = "Es el único administrador: cree otro administrador antes de cambiarle el rol."; return e; }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = $"rol {current}{ScopeText(user)}";
        var coordinator = input.Role == Roles.Coordinador;
        user.CoordinatedColegioId = coordinator ? input.ColegioId : null;
        user.CoordinatedDependenciaId = coordinator ? input.DependenciaId : null;
        if (current != input.Role)
        {
            await users.RemoveFromRoleAsync(user, current);
            await users.AddToRoleAsync(user, input.Role!);
        }
        // A new security stamp signs the account out elsewhere, so the old role stops working at once.
        await users.UpdateSecurityStampAsync(user);
        audit.Record("account.role-changed", "User", user.Id, $"{before} → rol {input.Role}{ScopeText(user)}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return e;
    }

    private static string ScopeText(ScariUser u) =>
        u.CoordinatedColegioId is { } c ? $", colegio {c}" : u.CoordinatedDependenciaId is { } d ? $", dependencia {d}" : "";
}
