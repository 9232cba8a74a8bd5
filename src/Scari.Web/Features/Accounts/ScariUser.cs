using Microsoft.AspNetCore.Identity;

namespace Scari.Web.Features.Accounts;

/// <summary>A sign-in account. Staff sign in with e-mail; students with their document number as user name.</summary>
public sealed class ScariUser : IdentityUser
{
    public string FullName { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
}
