using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Mail;

namespace Scari.Web.Features.Accounts;

/// <summary>Identity tokens that live 7 days: staff invitations and e-mail confirmation (reset links keep 2 hours).</summary>
public sealed class SevenDayTokenProvider(IDataProtectionProvider protection, IOptions<SevenDayTokenOptions> options,
    ILogger<DataProtectorTokenProvider<ScariUser>> logger) : DataProtectorTokenProvider<ScariUser>(protection, options, logger)
{
    public const string ProviderName = "SieteDias";
}

public sealed class SevenDayTokenOptions : DataProtectionTokenProviderOptions
{
    public SevenDayTokenOptions()
    {
        Name = SevenDayTokenProvider.ProviderName;
        TokenLifespan = AccountMail.InvitationLifetime;
    }
}

public enum ResetRequest { Queued, Ignored, Wait }

/// <summary>
/// Account mail: password recovery ("¿Olvidó su contraseña?"), staff invitations, e-mail confirmation. Every link carries
/// an Identity token bound to the account's security stamp, so it works once: setting the password changes the stamp.
/// </summary>
public sealed class AccountMail(ScariDbContext db, UserManager<ScariUser> users, SignInThrottles throttles, Outbox outbox,
    MailTemplate template, AuditLog audit, TimeProvider clock, IHttpContextAccessor http)
{
    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(2);
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);
    private const string InvitationPurpose = "invitacion";

    public const string SameAnswer = "Si ese correo es el de una cuenta de SCARI con el correo confirmado, en unos minutos le llegará un " +
        "enlace para elegir una contraseña nueva. El enlace sirve una sola vez y vence en 2 horas. Revise también la carpeta de correo no deseado.";

    private string BaseUrl => template.BaseUrl(http.HttpContext?.Request);

    /// <summary>
    /// Queues a reset link when the address is the confirmed e-mail of exactly one account. The caller shows
    /// <see cref="SameAnswer"/> in every case but <see cref="ResetRequest.Wait"/>, which is throttled identically for
    /// unknown addresses (SignInThrottles: each request counts, per address + e-mail and per e-mail).
    /// </summary>
    public async Task<(ResetRequest Result, TimeSpan? Wait)> RequestResetAsync(string typedEmail, string? clientAddress, CancellationToken ct)
    {
        var email = People.PersonRules.NormalizeEmail(typedEmail);
        var normalized = users.NormalizeEmail(email);
        var matches = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).Take(2).ToListAsync(ct);
        var key = SignInThrottles.UserKey(matches.Count == 1 ? matches[0] : null, email);
        if (await throttles.WaitAsync("recuperar", clientAddress, key, ct) is { } wait) return (ResetRequest.Wait, wait);
        await throttles.FailedAsync("recuperar", clientAddress, key, ct);

        if (matches.Count != 1)
        {
            // Unknown or shared by several accounts (those use the coordinator path until an administrator fixes them).
            audit.Record("account.reset-ignored", "ScariUser", matches.Count == 0 ? "?" : "varias",
                matches.Count == 0 ? "Pidió restablecer la contraseña con un correo que no es de ninguna cuenta."
                    : "Pidió restablecer la contraseña con un correo que comparten varias cuentas: no se envió nada.");
            await db.SaveChangesAsync(ct);
            return (ResetRequest.Ignored, null);
        }
        var user = await users.FindByIdAsync(matches[0]);
        if (user is null || !user.EmailConfirmed || user.Email is null)
        {
            audit.Record("account.reset-ignored", "ScariUser", matches[0], "Pidió restablecer la contraseña pero el correo de la cuenta no está confirmado: no se envió nada.");
            await db.SaveChangesAsync(ct);
            return (ResetRequest.Ignored, null);
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        outbox.Add(template.Compose("cuenta.restablecer", user.Email, user.FullName, "Restablecer su contraseña de SCARI",
            ["Alguien, probablemente usted, pidió elegir una contraseña nueva para su cuenta de SCARI.",
             "El enlace sirve una sola vez y vence en 2 horas. Al cambiar la contraseña se cierran las demás sesiones abiertas de su cuenta."],
            new MailTemplate.Link("Elegir una contraseña nueva", $"{BaseUrl}/cuenta/restablecer?usuario={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}"),
            footer: "Si no pidió este cambio, ignore el mensaje: su contraseña sigue igual.", carriesSecret: true));
        audit.Record("account.reset-requested", "ScariUser", user.Id, "Enlace para restablecer la contraseña enviado al correo de la cuenta.");
        await db.SaveChangesAsync(ct);
        return (ResetRequest.Queued, null);
    }

    public async Task<bool> ResetLinkIsValidAsync(string? userId, string? token)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(token) || token.Length > 2000) return false;
        var user = await users.FindByIdAsync(userId);
        return user is not null && await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider,
            UserManager<ScariUser>.ResetPasswordTokenPurpose, token);
    }

    /// <summary>Sets the new password; the new security stamp ends every other session of the account.</summary>
    public async Task<IdentityResult> ResetAsync(string userId, string token, string password, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return IdentityResult.Failed(new IdentityError { Code = "InvalidToken", Description = InvalidLink });
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded) return result;
        await EndSessionsAsync(user.Id, ct);
        audit.Record("account.password-reset", "ScariUser", user.Id, "Contraseña cambiada con un enlace de recuperación; sesiones cerradas.");
        await db.SaveChangesAsync(ct);
        return result;
    }

    public const string InvalidLink = "El enlace no es válido o ya se usó. Pida uno nuevo en «¿Olvidó su contraseña?».";

    /// <summary>Queues an invitation for an account without password (created or resent by an administrator).</summary>
    public async Task QueueInvitationAsync(ScariUser user, string role, CancellationToken ct)
    {
        user.InvitedUtc = clock.GetUtcNow().UtcDateTime;
        var token = await users.GenerateUserTokenAsync(user, SevenDayTokenProvider.ProviderName, InvitationPurpose);
        outbox.Add(template.Compose("cuenta.invitacion", user.Email!, user.FullName, "Invitación a SCARI: active su cuenta",
            [$"Le crearon una cuenta de {role} en SCARI, la plataforma de formación de {template.EntityName}.",
             "Para activarla, abra el enlace y elija su contraseña" + (role is Roles.Administrador or Roles.Coordinador or Roles.Tutor
                 ? "; según su rol, SCARI le pedirá también configurar el ingreso en dos pasos con una aplicación autenticadora." : "."),
             $"El enlace sirve una sola vez y vence el {Bogota.Format(user.InvitedUtc.Value + InvitationLifetime)}"],
            new MailTemplate.Link("Activar mi cuenta", $"{BaseUrl}/cuenta/invitacion?usuario={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}"),
            footer: "Recibe este mensaje porque un administrador de SCARI creó una cuenta con este correo.", carriesSecret: true));
    }

    public enum InvitationState { Valid, Expired, Used, Invalid }

    public async Task<(InvitationState State, ScariUser? User)> CheckInvitationAsync(string? userId, string? token)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(token) || token.Length > 2000) return (InvitationState.Invalid, null);
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.InvitedUtc is null) return (InvitationState.Invalid, null);
        if (user.PasswordHash is not null) return (InvitationState.Used, user);
        if (clock.GetUtcNow().UtcDateTime > user.InvitedUtc.Value + InvitationLifetime) return (InvitationState.Expired, user);
        return await users.VerifyUserTokenAsync(user, SevenDayTokenProvider.ProviderName, InvitationPurpose, token)
            ? (InvitationState.Valid, user) : (InvitationState.Invalid, user);
    }

    public static string Explain(InvitationState state, ScariUser? user) => state switch
    {
        InvitationState.Expired => $"Esta invitación venció el {Bogota.Format(user!.InvitedUtc!.Value + InvitationLifetime)} " +
            "Pida a un administrador de SCARI que se la reenvíe: la nueva llega al mismo correo y vale 7 días.",
        InvitationState.Used => "Esta invitación ya se usó: su cuenta tiene contraseña. Ingrese con su correo, o use «¿Olvidó su contraseña?».",
        _ => "El enlace de invitación no es válido: puede que esté incompleto o que se haya enviado uno más reciente. Use el último que recibió " +
            "o pida a un administrador que se lo reenvíe.",
    };

    /// <summary>Sets the invited account's first password. Returns null when the link is no longer valid.</summary>
    public async Task<IdentityResult?> AcceptInvitationAsync(string userId, string token, string password, CancellationToken ct)
    {
        var (state, user) = await CheckInvitationAsync(userId, token);
        if (state != InvitationState.Valid || user is null) return null;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await users.AddPasswordAsync(user, password); // fails if a parallel acceptance set one first
        if (!result.Succeeded) return result;
        user.EmailConfirmed = true;
        await users.UpdateSecurityStampAsync(user); // the link stops working
        audit.Record("account.invitation-accepted", "ScariUser", user.Id, "Eligió su contraseña con el enlace de invitación.");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>An administrator sends a fresh invitation (the earlier link stops working).</summary>
    public async Task<string?> ResendInvitationAsync(string userId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.PasswordHash is not null || user.Email is null) return "Esa cuenta ya tiene contraseña o no tiene correo: no hay invitación que reenviar.";
        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await users.UpdateSecurityStampAsync(user); // the earlier link stops working
        await QueueInvitationAsync(user, role, ct);
        await users.UpdateAsync(user);
        audit.Record("account.invitation-resent", "ScariUser", user.Id, "Invitación reenviada.");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }

    /// <summary>Queues the confirmation link of a self-registered account's e-mail (caller saves).</summary>
    public async Task QueueEmailConfirmationAsync(ScariUser user)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        outbox.Add(template.Compose("cuenta.confirmar-correo", user.Email!, user.FullName, "Confirme su correo en SCARI",
            ["Gracias por registrarse en SCARI. Confirme que este correo es suyo: así podrá recuperar su contraseña si la olvida."],
            new MailTemplate.Link("Confirmar mi correo", $"{BaseUrl}/cuenta/confirmar-correo?usuario={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}"),
            footer: "Recibe este mensaje porque alguien se registró en SCARI con este correo. Si no fue usted, ignórelo.", carriesSecret: true));
    }

    public async Task<bool> ConfirmEmailAsync(string? userId, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(token) || token.Length > 2000) return false;
        var user = await users.FindByIdAsync(userId);
        if (user is null) return false;
        if (!(await users.ConfirmEmailAsync(user, token)).Succeeded) return false;
        audit.Record("account.email-confirmed", "ScariUser", user.Id, "Confirmó su correo con el enlace.");
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Closes every server-side session of the account (the new security stamp already refuses their cookies).</summary>
    private Task<int> EndSessionsAsync(string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.UserSessions.Where(s => s.UserId == userId && s.EndedUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedUtc, now).SetProperty(s => s.EndReason, "restablecida"), ct);
    }

    /// <summary>Groups of accounts that share one e-mail (before e-mails became unique): reported to administrators.</summary>
    public Task<IReadOnlyList<(string Email, IReadOnlyList<string> UserNames)>> DuplicateEmailsAsync(CancellationToken ct) =>
        DuplicateEmailsAsync(db, ct);

    public static async Task<IReadOnlyList<(string Email, IReadOnlyList<string> UserNames)>> DuplicateEmailsAsync(ScariDbContext db, CancellationToken ct)
    {
        var rows = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail != null)
            .GroupBy(u => u.NormalizedEmail).Where(g => g.Count() > 1).Select(g => g.Key!).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var accounts = await db.Users.AsNoTracking().Where(u => rows.Contains(u.NormalizedEmail!))
            .Select(u => new { u.Email, u.NormalizedEmail, u.UserName }).ToListAsync(ct);
        return accounts.GroupBy(a => a.NormalizedEmail).Select(g => (g.First().Email!, (IReadOnlyList<string>)g.Select(a => a.UserName!).Order().ToList())).ToList();
    }
}

/// <summary>
/// After migrating (the <c>migrate</c> verb and the migration at start): how many e-mails several accounts still share,
/// for whoever runs SCARI. Only the count and where to fix them: the addresses and user names are at /admin/cuentas,
/// behind sign-in, never in a log.
/// </summary>
public static class DuplicateEmailReport
{
    public static async Task<string?> MessageAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var groups = await AccountMail.DuplicateEmailsAsync(scope.ServiceProvider.GetRequiredService<ScariDbContext>(), ct);
        return groups.Count == 0 ? null
            : $"Atención: {groups.Count} correo(s) los comparten varias cuentas ({groups.Sum(g => g.UserNames.Count)} cuentas). Hasta que un " +
              "administrador deje un correo por cuenta en /admin/cuentas («Correos repetidos»), esas cuentas no reciben enlaces para " +
              "restablecer la contraseña: usan el camino del coordinador (un código de ingreso nuevo).";
    }
}
