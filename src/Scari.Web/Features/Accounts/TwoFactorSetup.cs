using System.Text;
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
public sealed class TwoFactorAccounts(UserManager<ScariUser> users, AuditLog audit, TwoFactorPolicy policy)
{
    public const int RecoveryCodeCount = 10;

    /// <summary>Whether one of the account's roles (in the database) needs two-factor sign-in (<see cref="TwoFactorPolicy"/>).</summary>
    public async Task<bool> IsRequiredAsync(ScariUser user) =>
        (await users.GetRolesAsync(user)).Any(role => policy.Requires(role, user.CoordinatedColegioId));

    /// <summary>The shared key (created on first use) and the otpauth:// URI the QR code carries.</summary>
    public async Task<(string Key, string Uri)> KeyAsync(ScariUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("Identity no generó la clave.");
        }
        var label = Uri.EscapeDataString($"SCARI:{user.UserName}");
        return (key, $"otpauth://totp/{label}?secret={key}&issuer=SCARI&digits=6&period=30");
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

    /// <summary>Turns two-factor on after the user proves the app works; returns the recovery codes, shown once.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(ScariUser user, string code)
    {
        if (!await VerifyCodeAsync(user, code)) return null;
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
