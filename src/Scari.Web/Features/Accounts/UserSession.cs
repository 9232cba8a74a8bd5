using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Scari.Web.Features.Accounts;

/// <summary>
/// One signed-in browser. The cookie carries only its id (claim <see cref="SessionClaim"/>); every request checks
/// the row, so signing out, "cerrar las demás sesiones", a password change, the idle timeout and the absolute lifetime
/// end the session on the server, whatever copy of the cookie is left.
/// </summary>
public sealed class UserSession
{
    public const string SessionClaim = "scari.sesion";

    /// <summary>128 random bits, hex.</summary>
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }
    /// <summary>Absolute end (ASVS 3.3.2): the session never lives past it, active or not.</summary>
    public DateTime ExpiresUtc { get; set; }
    /// <summary>The sign-in proved a second factor (TOTP or recovery code), or two-factor was set up in this session.</summary>
    public bool TwoFactor { get; set; }
    /// <summary>How it started: <c>contrasena</c>, <c>2fa</c>, <c>codigo</c>, <c>registro</c>, <c>primer-administrador</c>.</summary>
    public string Origin { get; set; } = "";
    /// <summary>A code sign-in may set a password once without the current one; cleared when used.</summary>
    public bool MaySetPasswordWithoutCurrent { get; set; }
    public string? UserAgent { get; set; }
    public DateTime? EndedUtc { get; set; }
    /// <summary>Why it ended: <c>salida</c>, <c>otra-sesion</c>, <c>contrasena</c>, <c>inactividad</c>, <c>vencida</c>, <c>restablecida</c> (recuperación de la contraseña).</summary>
    public string? EndReason { get; set; }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> session)
    {
        session.Property(s => s.Id).HasMaxLength(32);
        session.Property(s => s.UserId).HasMaxLength(450);
        session.Property(s => s.Origin).HasMaxLength(30);
        session.Property(s => s.UserAgent).HasMaxLength(200);
        session.Property(s => s.EndReason).HasMaxLength(30);
        session.HasIndex(s => s.UserId);
        session.HasOne<ScariUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Failed sign-ins under one key (an account, or an address and a user name), shared by every instance through the
/// database. Blocks that key for a while after too many failures; nothing is stored against a key that succeeds.
/// </summary>
public sealed class SignInThrottle
{
    /// <summary><c>cuenta:{user}</c> or <c>ip:{address}|{user}</c>; the user as typed, trimmed and upper-cased.</summary>
    public required string Key { get; set; }
    public int Failures { get; set; }
    public DateTime FirstFailureUtc { get; set; }
    public DateTime LastFailureUtc { get; set; }
    public DateTime? BlockedUntilUtc { get; set; }
}

internal sealed class SignInThrottleConfiguration : IEntityTypeConfiguration<SignInThrottle>
{
    public void Configure(EntityTypeBuilder<SignInThrottle> throttle)
    {
        throttle.HasKey(t => t.Key);
        throttle.Property(t => t.Key).HasMaxLength(400);
        throttle.HasIndex(t => t.BlockedUntilUtc);
    }
}
