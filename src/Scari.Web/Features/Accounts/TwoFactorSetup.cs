using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using QRCoder;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.Accounts;

public static class TwoFactorSetup
{
    public const string SetupPath = "/cuenta/seguridad";

    public static IServiceCollection AddScariTwoFactor(this IServiceCollection services)
    {
        services.AddScoped<TwoFactorAccounts>();
        services.AddScoped<SignInThrottles>();
        return services;
    }
}

public enum TwoFactorChange { Done, WrongCode, RequiredForRole }

/// <summary>TOTP two-factor sign-in (RFC 6238 authenticator apps) on top of Identity's authenticator provider.</summary>
public sealed class TwoFactorAccounts(UserManager<ScariUser> users, IUserStore<ScariUser> store, Data.ScariDbContext db, AuditLog audit, TwoFactorPolicy policy)
{
    public const int RecoveryCodeCount = 10;

    /// <summary>Whether one of the account's roles (in the database) needs two-factor sign-in (<see cref="TwoFactorPolicy"/>).</summary>
    public async Task<bool> IsRequiredAsync(ScariUser user) =>
        (await users.GetRolesAsync(user)).Any(role => policy.Requires(role, user.CoordinatedColegioId));

    /// <summary>
    /// The key offered to an account that has not turned two-factor on, and the otpauth:// URI its QR code carries.
    /// Derived from the account's security stamp (a secret that never leaves the server), so every visit shows the same
    /// key until the stamp changes, and opening the page writes nothing: the key is stored only when a code proves the
    /// app works (<see cref="EnableAsync"/>).
    /// </summary>
    public static (string Key, string Uri) PendingKey(ScariUser user)
    {
        var stamp = user.SecurityStamp ?? throw new InvalidOperationException("La cuenta no tiene sello de seguridad.");
        var key = Base32(HMACSHA256.HashData(Encoding.UTF8.GetBytes(stamp), Encoding.UTF8.GetBytes("scari/autenticador/" + user.Id)).AsSpan(0, 20));
        var label = Uri.EscapeDataString($"SCARI:{user.UserName}");
        return (key, $"otpauth://totp/{label}?secret={key}&issuer=SCARI&digits=6&period=30");
    }

    /// <summary>RFC 4648 base32 without padding (the alphabet authenticator apps read).</summary>
    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var sb = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) sb.Append(alphabet[(buffer << (5 - bits)) & 31]);
        return sb.ToString();
    }

    /// <summary>The key in groups of four, easier to type into an app.</summary>
    public static string FormatKey(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return sb.ToString().ToLowerInvariant();
    }

    /// <summary>A PNG data URI (the CSP allows img data:) of the QR code for the URI.</summary>
    public static string QrDataUri(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    public Task<bool> VerifyCodeAsync(ScariUser user, string code) =>
        users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Clean(code));

    /// <summary>Turns two-factor on after the user proves the app works with the offered key; returns the recovery codes, shown once.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(ScariUser user, string code)
    {
        // The offered key goes into the account's tokens in memory; it is saved with the change below only if the code matches.
        var keys = (IUserAuthenticatorKeyStore<ScariUser>)store;
        await keys.SetAuthenticatorKeyAsync(user, PendingKey(user).Key, CancellationToken.None);
        if (!await VerifyCodeAsync(user, code))
        {
            foreach (var entry in db.ChangeTracker.Entries<IdentityUserToken<string>>().ToList())
                if (entry.State == EntityState.Added) entry.State = EntityState.Detached;
                else if (entry.State == EntityState.Modified) { entry.CurrentValues.SetValues(entry.OriginalValues); entry.State = EntityState.Unchanged; }
            return null;
        }
        audit.Record("account.2fa-enabled", "ScariUser", user.Id, "Activó el ingreso en dos pasos.");
        await users.SetTwoFactorEnabledAsync(user, true); // saves the audit entry in the same SaveChanges
        return [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []];
    }

    public async Task<(TwoFactorChange, IReadOnlyList<string>)> NewRecoveryCodesAsync(ScariUser user, string code)
    {
        if (!await VerifyCodeAsync(user, code)) return (TwoFactorChange.WrongCode, []);
        audit.Record("account.2fa-recovery-codes", "ScariUser", user.Id, "Generó códigos de recuperación nuevos.");
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        return (TwoFactorChange.Done, [.. codes ?? []]);
    }

    public async Task<TwoFactorChange> DisableAsync(ScariUser user, string code)
    {
        if (await IsRequiredAsync(user)) return TwoFactorChange.RequiredForRole;
        if (!await VerifyCodeAsync(user, code)) return TwoFactorChange.WrongCode;
        audit.Record("account.2fa-disabled", "ScariUser", user.Id, "Desactivó el ingreso en dos pasos.");
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user); // a later set-up starts from a new key
        return TwoFactorChange.Done;
    }

    public static string Clean(string? code) => (code ?? "").Replace(" ", "").Replace("-", "").Trim();

    public static bool LooksLikeAppCode(string? code) =>
        Clean(code) is { Length: 6 } c && c.All(char.IsAsciiDigit);
}
