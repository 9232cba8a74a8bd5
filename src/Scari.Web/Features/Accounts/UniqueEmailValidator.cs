using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Scari.Web.Features.Accounts;

/// <summary>
/// One account per e-mail (students may have none, so Identity's own RequireUniqueEmail, which also demands an
/// address, does not fit). Accounts that already shared an address are listed for administrators at /admin/cuentas
/// and get no reset link until fixed.
/// </summary>
public sealed class UniqueEmailValidator : IUserValidator<ScariUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<ScariUser> manager, ScariUser user)
    {
        var email = await manager.GetEmailAsync(user);
        if (string.IsNullOrWhiteSpace(email)) return IdentityResult.Success;
        var normalized = manager.NormalizeEmail(email);
        var other = await manager.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != user.Id);
        return other
            ? IdentityResult.Failed(new IdentityError { Code = "DuplicateEmail", Description = $"Ya existe otra cuenta con el correo {email}." })
            : IdentityResult.Success;
    }
}
