using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.Accounts;

public enum FirstAdminResult { Created, InvalidLink, Rejected }

/// <summary>
/// While no administrator exists, each start issues a one-time setup link. Using one link creates the
/// administrator and invalidates every link, inside one transaction.
/// </summary>
public sealed class FirstAdministrator(ScariDbContext db, UserManager<ScariUser> users, TimeProvider clock, Admin.AuditLog audit)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(7);

    public Task<bool> AdministratorExistsAsync(CancellationToken ct) =>
        db.UserRoles.AnyAsync(ur => ur.RoleId == Roles.Administrador.ToLowerInvariant(), ct);

    /// <summary>Returns a new token, or null when an administrator already exists.</summary>
    public async Task<string?> IssueLinkTokenAsync(CancellationToken ct)
    {
        if (await AdministratorExistsAsync(ct)) return null;
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        db.SetupTokens.Add(new SetupToken { TokenHash = Hash(token), CreatedUtc = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        return token;
    }

    public async Task<bool> IsValidAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return false;
        var hash = Hash(token);
        var notBefore = clock.GetUtcNow().UtcDateTime - LinkLifetime;
        return await db.SetupTokens.AnyAsync(t => t.TokenHash == hash && t.CreatedUtc >= notBefore, ct)
            && !await AdministratorExistsAsync(ct);
    }

    public async Task<(FirstAdminResult Result, IEnumerable<IdentityError> Errors)> CreateAsync(
        string token, string fullName, string email, string password, CancellationToken ct)
    {
        if (!await IsValidAsync(token, ct)) return (FirstAdminResult.InvalidLink, []);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claim the token first: of two concurrent uses only one deletes the row.
        var hash = Hash(token);
        if (await db.SetupTokens.Where(t => t.TokenHash == hash).ExecuteDeleteAsync(ct) != 1)
            return (FirstAdminResult.InvalidLink, []);

        var user = new ScariUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            EmailConfirmed = true,
            FullName = fullName.Trim(),
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return (FirstAdminResult.Rejected, created.Errors);
        var inRole = await users.AddToRoleAsync(user, Roles.Administrador);
        if (!inRole.Succeeded) return (FirstAdminResult.Rejected, inRole.Errors);
        audit.Record("account.admin-created", "ScariUser", user.Id, "Primer administrador creado con el enlace de configuración inicial.");
        await db.SaveChangesAsync(ct);

        await db.SetupTokens.ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return (FirstAdminResult.Created, []);
    }

    internal static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
