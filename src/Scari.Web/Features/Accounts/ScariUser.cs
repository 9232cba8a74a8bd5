using Microsoft.AspNetCore.Identity;

namespace Scari.Web.Features.Accounts;

/// <summary>A sign-in account. Staff sign in with e-mail; students with their document number as user name.</summary>
public sealed class ScariUser : IdentityUser
{
    public string FullName { get; set; } = "";
    public DateTime CreatedUtc { get; set; }

    /// <summary>The person this account belongs to (learners; staff accounts may have none).</summary>
    public int? PersonId { get; set; }

    /// <summary>A coordinator's scope: the colegio or the dependencia whose people they follow.</summary>
    public int? CoordinatedColegioId { get; set; }
    public int? CoordinatedDependenciaId { get; set; }

    /// <summary>When the latest invitation was sent (staff accounts created without a password); its link lives 7 days.</summary>
    public DateTime? InvitedUtc { get; set; }

    /// <summary>Set when a coordinator asked for no weekly digest (a link in the digest, or /cuenta/correo).</summary>
    public DateTime? DigestOptOutUtc { get; set; }
}
