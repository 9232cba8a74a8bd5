using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.Privacy;

public enum AnonymizeResult { Anonymized, NotFound, AlreadyAnonymized, ReasonMissing }

/// <summary>
/// Erases a person's personal data on request (Ley 1581 de 2012, supresión) while keeping the rows that the
/// indicators count: the person row stays (names become "Persona anonimizada", the document number a random
/// token), and enrollments, completions and attempts stay attached to it. Their account is disabled and scrubbed.
/// All in one transaction.
/// </summary>
public sealed partial class PrivacyAnonymizer(ScariDbContext db, TimeProvider clock, AuditLog audit, Mail.MailTransport mail, ILogger<PrivacyAnonymizer> log)
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
        List<string?> emails = [person.Email];
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
        emails.AddRange(accounts.Select(a => a.Email));
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
        // Mail to the person's addresses: what still waits is never sent (a reminder, an invitation, a notice), and every
        // row, sent or not, loses the address, the name and the body; the .eml files of file mode are deleted after commit.
        var addresses = emails.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Trim().ToLowerInvariant()).Distinct().ToList();
        var mailFiles = new List<string>();
        var messages = 0;
        if (addresses.Count > 0)
        {
            var toThem = db.OutboxMessages.Where(m => addresses.Contains(m.ToAddress.ToLower()));
            mailFiles = await toThem.Where(m => m.FileName != null).Select(m => m.FileName!).ToListAsync(ct);
            messages = await toThem.ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Status, m => m.Status == Mail.OutboxStatus.Pendiente || m.Status == Mail.OutboxStatus.Fallido ? Mail.OutboxStatus.Anulado : m.Status)
                .SetProperty(m => m.LastError, m => m.Status == Mail.OutboxStatus.Pendiente || m.Status == Mail.OutboxStatus.Fallido
                    ? "No se envió: la persona fue anonimizada." : m.LastError)
                .SetProperty(m => m.ToAddress, "")
                .SetProperty(m => m.ToName, AnonymousName)
                .SetProperty(m => m.TextBody, "")
                .SetProperty(m => m.HtmlBody, (string?)null)
                .SetProperty(m => m.CalendarIcs, (string?)null)
                .SetProperty(m => m.UnsubscribeUrl, (string?)null)
                .SetProperty(m => m.Redacted, true), ct);
        }
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
            $"Datos personales eliminados ({accounts.Count} cuenta(s) deshabilitada(s), {certificates} certificado(s) sin titular, {receipts} constancia(s) de encuesta, {messages} mensaje(s) de correo sin destinatario). Motivo: {reason}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        DeleteMailFiles(mailFiles);
        return AnonymizeResult.Anonymized;
    }

    private void DeleteMailFiles(List<string> names)
    {
        foreach (var name in names)
        {
            if (Path.GetFileName(name) != name) continue; // only a plain file name in the mail folder
            try
            {
                File.Delete(Path.Combine(mail.FilesDirectory, name));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogMailFileKept(log, e.GetType().Name);
            }
        }
    }

    [LoggerMessage(EventId = 7301, Level = LogLevel.Warning, Message = "Anonimización: no se pudo borrar un archivo .eml de la carpeta de correo ({Error}); bórrelo a mano.")]
    private static partial void LogMailFileKept(ILogger logger, string error);
}
