using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.Reminders;

/// <summary>
/// What is not transactional (reminders to learners, the coordinators' weekly digest) can be refused: by a signed link
/// in each such message (no sign-in; Data Protection, keys in the database, so any instance reads it) or at
/// /cuenta/correo. Notices about the person's own enrollment, certificate or session are transactional and always go.
/// </summary>
public sealed class MailPreferences(ScariDbContext db, IDataProtectionProvider protection, PublicLinks links, TimeProvider clock, AuditLog audit)
{
    public enum Audience { Person, Coordinator }

    private IDataProtector Protector => protection.CreateProtector("Scari.Mail.Unsubscribe.v1");

    public string UnsubscribeUrl(Audience audience, string id) =>
        links.Absolute($"/correo/baja/{Protector.Protect($"{(audience == Audience.Person ? "p" : "c")}:{id}")}");

    /// <summary>Who a link names, or null when it was not made by SCARI (or altered).</summary>
    public (Audience Audience, string Id)? Read(string token)
    {
        try
        {
            var text = Protector.Unprotect(token);
            return text.Length > 2 && text[1] == ':' && text[0] is 'p' or 'c'
                ? (text[0] == 'p' ? Audience.Person : Audience.Coordinator, text[2..]) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Applies a link: no more reminders (a person) or digests (a coordinator). False when the link is not valid.</summary>
    public async Task<bool> UnsubscribeAsync(string token, CancellationToken ct)
    {
        if (Read(token) is not { } who) return false;
        if (who.Audience == Audience.Person)
            return int.TryParse(who.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var personId)
                && await SetRemindersAsync(personId, wanted: false, ct);
        return await SetDigestAsync(who.Id, wanted: false, ct);
    }

    public async Task<bool> SetRemindersAsync(int personId, bool wanted, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.People.Where(p => p.Id == personId && (wanted ? p.RemindersOptOutUtc != null : p.RemindersOptOutUtc == null))
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.RemindersOptOutUtc, wanted ? null : now), ct);
        if (changed > 0)
        {
            audit.Record(wanted ? "mail.reminders-on" : "mail.reminders-off", "Person", personId, wanted ? "Vuelve a recibir recordatorios" : "No quiere recibir recordatorios");
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return changed > 0 || await db.People.AnyAsync(p => p.Id == personId, ct);
    }

    public async Task<bool> SetDigestAsync(string userId, bool wanted, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Users.Where(u => u.Id == userId && (wanted ? u.DigestOptOutUtc != null : u.DigestOptOutUtc == null))
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.DigestOptOutUtc, wanted ? null : now), ct);
        if (changed > 0)
        {
            audit.Record(wanted ? "mail.digest-on" : "mail.digest-off", "ScariUser", userId, wanted ? "Vuelve a recibir el resumen semanal" : "No quiere recibir el resumen semanal");
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return changed > 0 || await db.Users.AnyAsync(u => u.Id == userId, ct);
    }
}
