using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.Accounts;

/// <summary>
/// Slows down password and code guessing without an account oracle and without a lockout a stranger can impose.
/// Two counters per failed attempt, in the database so every instance shares them:
/// <list type="bullet">
/// <item>address + user (<c>ip:…</c>): after <c>Security:Throttle:AddressUserFailures</c> (5) failures within the window, that
/// address waits 30 s before trying that user again, doubling up to 15 minutes;</item>
/// <item>user (<c>cuenta:…</c>): after <c>Security:Throttle:AccountFailures</c> (10) failures from any addresses, everyone waits
/// 30 s, at most 60 s, so someone else's guesses can delay the owner by a minute but never lock them out.</item>
/// </list>
/// The user is the account when the typed name finds one and the typed text when it does not, so an unknown name is
/// throttled exactly like a real one. A success clears both counters. Administrators list and clear them.
/// Separate from the per-address ceiling (the "ingreso"/"codigos" rate limits, 300 per minute by default) that lets a
/// whole class behind one school address sign in.
/// </summary>
public sealed class SignInThrottles(ScariDbContext db, TimeProvider clock, IConfiguration config, AuditLog audit)
{
    public const string BlockedMessagePrefix = "Demasiados intentos fallidos. Intente de nuevo en ";

    private TimeSpan Window => TimeSpan.FromMinutes(config.GetValue("Security:Throttle:WindowMinutes", 15));
    private int AddressUserFailures => config.GetValue("Security:Throttle:AddressUserFailures", 5);
    private int AccountFailures => config.GetValue("Security:Throttle:AccountFailures", 10);

    public static string Message(TimeSpan wait) => $"{BlockedMessagePrefix}{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s.";

    private static string AccountKey(string kind, string user) => $"cuenta:{kind}:{user}";
    private static string AddressKey(string kind, string? address, string user) => $"ip:{kind}:{address ?? "desconocida"}|{user}";

    /// <summary>The user part of the keys: the account's id when there is one, else the typed text (trimmed, upper case).</summary>
    public static string UserKey(string? accountId, string typed) =>
        accountId ?? "?" + typed.Trim().ToUpperInvariant()[..Math.Min(typed.Trim().Length, 300)];

    /// <summary>How long this address must still wait before trying this user; null when it may try now.</summary>
    public async Task<TimeSpan?> WaitAsync(string kind, string? address, string user, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var keys = new[] { AccountKey(kind, user), AddressKey(kind, address, user) };
        var until = await db.SignInThrottles.AsNoTracking()
            .Where(t => keys.Contains(t.Key) && t.BlockedUntilUtc != null && t.BlockedUntilUtc > now)
            .MaxAsync(t => t.BlockedUntilUtc, ct);
        return until is { } u ? u - now : null;
    }

    public async Task FailedAsync(string kind, string? address, string user, CancellationToken ct)
    {
        await CountAsync(AddressKey(kind, address, user), AddressUserFailures, TimeSpan.FromMinutes(15), ct);
        await CountAsync(AccountKey(kind, user), AccountFailures, TimeSpan.FromSeconds(60), ct);
    }

    public Task SucceededAsync(string kind, string? address, string user, CancellationToken ct)
    {
        var keys = new[] { AccountKey(kind, user), AddressKey(kind, address, user) };
        return db.SignInThrottles.Where(t => keys.Contains(t.Key)).ExecuteDeleteAsync(ct);
    }

    private async Task CountAsync(string key, int threshold, TimeSpan maxDelay, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var windowStart = now - Window;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var updated = await db.SignInThrottles.Where(t => t.Key == key && t.FirstFailureUtc > windowStart)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Failures, t => t.Failures + 1).SetProperty(t => t.LastFailureUtc, now), ct);
            if (updated == 0)
            {
                // A counter older than the window starts again.
                await db.SignInThrottles.Where(t => t.Key == key).ExecuteDeleteAsync(ct);
                db.SignInThrottles.Add(new SignInThrottle { Key = key, Failures = 1, FirstFailureUtc = now, LastFailureUtc = now });
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear(); // a parallel failure inserted it first: count on it
                    continue;
                }
            }
            var failures = await db.SignInThrottles.Where(t => t.Key == key).Select(t => t.Failures).FirstOrDefaultAsync(ct);
            if (failures >= threshold)
            {
                var seconds = Math.Min(maxDelay.TotalSeconds, 30 * Math.Pow(2, Math.Min(failures - threshold, 10)));
                var until = now.AddSeconds(seconds);
                await db.SignInThrottles.Where(t => t.Key == key).ExecuteUpdateAsync(s => s.SetProperty(t => t.BlockedUntilUtc, until), ct);
            }
            return;
        }
    }

    public sealed record Active(string Key, int Failures, DateTime LastFailureUtc, DateTime? BlockedUntilUtc);

    /// <summary>Counters still inside their window or still blocking, newest first.</summary>
    public Task<List<Active>> ActiveAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var windowStart = now - Window;
        return db.SignInThrottles.AsNoTracking()
            .Where(t => t.FirstFailureUtc > windowStart || t.BlockedUntilUtc > now)
            .OrderByDescending(t => t.LastFailureUtc).Take(500)
            .Select(t => new Active(t.Key, t.Failures, t.LastFailureUtc, t.BlockedUntilUtc))
            .ToListAsync(ct);
    }

    public async Task<bool> ClearAsync(string key, CancellationToken ct)
    {
        var removed = await db.SignInThrottles.Where(t => t.Key == key).ExecuteDeleteAsync(ct);
        if (removed == 0) return false;
        audit.Record("signin.throttle-cleared", "SignInThrottle", key, "Quitó una espera de ingreso.");
        await db.SaveChangesAsync(ct);
        return true;
    }
}
