using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.People;

public enum AnonymizeResult { Anonymized, NotFound, AlreadyAnonymized, ReasonMissing }

/// <summary>
/// Erases a person's personal data on request (Ley 1581 de 2012, supresión) while keeping the rows that the
/// indicators count: the person row stays (names become "Persona anonimizada", the document number a random
/// token), and enrollments, completions and attempts stay attached to it. Their account is disabled and scrubbed.
/// All in one transaction.
/// </summary>
public sealed class PrivacyAnonymizer(ScariDbContext db, TimeProvider clock, AuditLog audit)
{
    public const string AnonymousName = "Persona anonimizada";

    public async Task<AnonymizeResult> AnonymizeAsync(int personId, string? reason, CancellationToken ct)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason)) return AnonymizeResult.ReasonMissing;
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null) return AnonymizeResult.NotFound;
        if (person.AnonymizedUtc is not null) return AnonymizeResult.AlreadyAnonymized;

        var now = clock.GetUtcNow().UtcDateTime;
        List<string> personal = [person.DocumentNumber, person.FullName, person.Email ?? ""];
        var token = "ANON" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)); // 20 characters, no link to the person

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        person.GivenNames = AnonymousName;
        person.FamilyNames = "";
        person.DocumentNumber = token;
        person.Email = null;
        person.BirthDate = null;
        person.Cargo = null;
        person.AnonymizedUtc = now;

        var accounts = await db.Users.Where(u => u.PersonId == personId).ToListAsync(ct);
        personal.AddRange(accounts.SelectMany(a => new[] { a.UserName ?? "", a.Email ?? "", a.FullName }));
        foreach (var u in accounts)
        {
            var userName = $"anonimizada-{token.ToLowerInvariant()}";
            u.UserName = userName;
            u.NormalizedUserName = userName.ToUpperInvariant();
            u.Email = null;
            u.NormalizedEmail = null;
            u.EmailConfirmed = false;
            u.PhoneNumber = null;
            u.FullName = AnonymousName;
            u.PasswordHash = null;
            u.TwoFactorEnabled = false;
            u.LockoutEnabled = true;
            u.LockoutEnd = DateTimeOffset.MaxValue;
            u.SecurityStamp = Guid.NewGuid().ToString("N"); // ends every open session at its next validation
            u.ConcurrencyStamp = Guid.NewGuid().ToString();
        }
        var accountIds = accounts.Select(a => a.Id).ToList();
        await db.UserTokens.Where(t => accountIds.Contains(t.UserId)).ExecuteDeleteAsync(ct);
        await db.UserLogins.Where(t => accountIds.Contains(t.UserId)).ExecuteDeleteAsync(ct);
        await db.UserClaims.Where(t => accountIds.Contains(t.UserId)).ExecuteDeleteAsync(ct);
        await db.SignInCodes.Where(c => accountIds.Contains(c.UserId)).ExecuteDeleteAsync(ct);
        // Certificates hold a snapshot of the name and document: erase it too. The certificate row stays (its
        // completion keeps counting) but it is marked, so nobody is shown or served a certificate that no longer says whose it is.
        var certificates = await db.Certificates.Where(c => c.PersonId == personId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.HolderName, AnonymousName).SetProperty(c => c.DocumentNumber, token)
                .SetProperty(c => c.CredentialJwt, (string?)null).SetProperty(c => c.HolderSuppressedUtc, now), ct);
        // Former documents are personal data too: none is kept, so none can name or sign in the anonymized person.
        await db.PersonDocuments.Where(d => d.PersonId == personId).ExecuteDeleteAsync(ct);
        await db.CalendarFeeds.Where(f => f.PersonId == personId).ExecuteDeleteAsync(ct); // the private calendar address names their sessions
        // That they answered a survey is about them; the answers, stored without anyone's id, stay in the results.
        var receipts = await db.SurveyReceipts.Where(r => r.PersonId == personId).ExecuteDeleteAsync(ct);
        // So do the names and documents of the records merged into this one.
        foreach (var m in await db.PersonMerges.Where(m => m.SurvivorPersonId == personId).Select(m => new { m.MergedName, m.MergedDocument }).ToListAsync(ct))
            personal.AddRange([m.MergedName, m.MergedDocument]);
        await db.PersonMerges.Where(m => m.SurvivorPersonId == personId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.MergedName, "").SetProperty(m => m.MergedDocument, ""), ct);
        // The guardian's data is personal data too; the fact that consent was given stays.
        await db.Consents.Where(c => c.PersonId == personId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.GuardianName, (string?)null).SetProperty(c => c.GuardianDocument, (string?)null), ct);

        await audit.RedactPersonalDataAsync("Person", personId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            accountIds, personal, AnonymousName, ct);
        audit.Record("person.anonymized", "Person", personId,
            $"Datos personales eliminados ({accounts.Count} cuenta(s) deshabilitada(s), {certificates} certificado(s) sin titular, {receipts} constancia(s) de encuesta). Motivo: {reason}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return AnonymizeResult.Anonymized;
    }
}
