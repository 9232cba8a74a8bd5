using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Accounts;

public sealed record IssuedCode(int PersonId, string FullName, DocumentType DocumentType, string DocumentNumber, string Code, DateTime ExpiresUtc);

public enum RedeemOutcome { SignedIn, Invalid, UsedOrExpired, Ambiguous }

public sealed record RedeemResult(RedeemOutcome Outcome, ScariUser? User = null)
{
    public string Message => Outcome switch
    {
        RedeemOutcome.UsedOrExpired => "Ese código ya se usó o venció. Pida un código nuevo a su coordinador.",
        RedeemOutcome.Ambiguous => AccountLookup.AmbiguousMessage,
        _ => "El número de documento o el código no son correctos. Revise el papel que le entregaron.",
    };
}

/// <summary>
/// One-time sign-in codes for students: 8 readable characters (no 0/O, 1/I/L), stored as a salted SHA-256,
/// valid for <see cref="Lifetime"/>, single use, and wrong guesses count toward Identity's account lockout.
/// </summary>
public sealed class SignInCodes(ScariDbContext db, UserManager<ScariUser> users, TimeProvider clock, AuditLog audit)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int Length = 8;

    /// <summary>
    /// Issues a fresh code for each student among <paramref name="personIds"/> that <paramref name="scope"/> covers
    /// (others are silently left out), creating the student's account when missing. Unused older codes stop working.
    /// People whose account has a staff role are left out: a code must never open a staff account.
    /// </summary>
    public async Task<IReadOnlyList<IssuedCode>> IssueAsync(PeopleScope scope, IReadOnlyCollection<int> personIds, string? actorUserId, CancellationToken ct)
    {
        if (!scope.Everyone && !scope.IsCoordinator) return [];
        var ids = personIds.Distinct().ToList();
        var people = await db.People.AsNoTracking().VisibleTo(scope)
            .Where(p => ids.Contains(p.Id) && p.Audience == Audience.Student && p.AnonymizedUtc == null)
            .OrderBy(p => p.FamilyNames).ThenBy(p => p.GivenNames)
            .Select(p => new { p.Id, p.GivenNames, p.FamilyNames, p.DocumentType, p.DocumentNumber })
            .ToListAsync(ct);
        if (people.Count == 0) return [];
        var found = people.Select(p => p.Id).ToList();
        var accounts = await db.Users.Where(u => u.PersonId != null && found.Contains(u.PersonId.Value))
            .Select(u => new { u.Id, PersonId = u.PersonId!.Value }).ToDictionaryAsync(u => u.PersonId, u => u.Id, ct);
        var accountIds = accounts.Values.ToList();
        var aprendiz = Roles.Aprendiz.ToLowerInvariant();
        var staffAccounts = (await db.UserRoles.Where(r => accountIds.Contains(r.UserId) && r.RoleId != aprendiz)
            .Select(r => r.UserId).ToListAsync(ct)).ToHashSet();

        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + Lifetime;
        var issued = new List<IssuedCode>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var p in people)
        {
            if (!accounts.TryGetValue(p.Id, out var userId))
            {
                var user = new ScariUser
                {
                    UserName = DocumentRules.UserName(p.DocumentType, p.DocumentNumber),
                    FullName = $"{p.GivenNames} {p.FamilyNames}".Trim(),
                    PersonId = p.Id,
                    CreatedUtc = now,
                };
                Check(await users.CreateAsync(user));
                Check(await users.AddToRoleAsync(user, Roles.Aprendiz));
                userId = user.Id;
            }
            else if (staffAccounts.Contains(userId)) continue;

            var code = NewCode();
            await db.SignInCodes.Where(c => c.UserId == userId && c.UsedUtc == null).ExecuteDeleteAsync(ct);
            db.SignInCodes.Add(new SignInCode { UserId = userId, CodeHash = Hash(userId, code), CreatedUtc = now, ExpiresUtc = expires, IssuedByUserId = actorUserId });
            audit.Record("person.signin-code-issued", "Person", p.Id, $"Código de ingreso de un solo uso, vence el {Bogota.Format(expires)}");
            issued.Add(new IssuedCode(p.Id, $"{p.GivenNames} {p.FamilyNames}".Trim(), p.DocumentType, p.DocumentNumber, Format(code), expires));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return issued;
    }

    /// <summary>Checks a document number and code; on success the code is spent (of two concurrent uses only one wins).</summary>
    public async Task<RedeemResult> RedeemAsync(string? document, string? code, CancellationToken ct)
    {
        var (user, ambiguous) = await AccountLookup.FindAsync(db, users, document, ct);
        if (ambiguous) return new(RedeemOutcome.Ambiguous);
        if (user is null) return new(RedeemOutcome.Invalid);

        var normalized = Normalize(code);
        var now = clock.GetUtcNow().UtcDateTime;
        if (normalized.Length == Length)
        {
            var hash = Hash(user.Id, normalized);
            var claimed = await db.SignInCodes
                .Where(c => c.UserId == user.Id && c.CodeHash == hash && c.UsedUtc == null && c.ExpiresUtc > now)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedUtc, now), ct);
            if (claimed == 1) return new(RedeemOutcome.SignedIn, user);
            if (await db.SignInCodes.AnyAsync(c => c.UserId == user.Id && c.CodeHash == hash, ct))
                return new(RedeemOutcome.UsedOrExpired);
        }
        // No lockout: anyone who knows a document could lock its student out. The page throttles (SignInThrottles).
        return new(RedeemOutcome.Invalid);
    }

    public static string NewCode()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(chars);
    }

    /// <summary>"ABCD-EFGH": easier to copy from paper.</summary>
    public static string Format(string code) => $"{code[..4]}-{code[4..]}";

    /// <summary>Upper-cases and drops spaces, dashes and dots: "abcd-efgh" is "ABCDEFGH".</summary>
    public static string Normalize(string? code) =>
        new((code ?? "").ToUpperInvariant().Where(c => c is not (' ' or '-' or '.')).ToArray());

    internal static string Hash(string userId, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}:{code}")));

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}

/// <summary>Finds the account someone means by what they type in "usuario": an e-mail, "TI-1043123456" or just the number.</summary>
public static class AccountLookup
{
    public const string AmbiguousMessage = "Hay más de una persona con ese número de documento. Escriba el tipo antes del número, por ejemplo TI-1043123456.";

    public static async Task<(ScariUser? User, bool Ambiguous)> FindAsync(ScariDbContext db, UserManager<ScariUser> users, string? text, CancellationToken ct)
    {
        var name = (text ?? "").Trim();
        if (name.Length is 0 or > 256) return (null, false);
        var user = await users.FindByNameAsync(name);
        if (user is not null) return (user, false);
        if (name.Contains('@')) return (await users.FindByEmailAsync(name), false);

        // "TI 1043123456", "ti-1.043.123.456": a type prefix, then the number.
        var prefix = new string(name.TakeWhile(char.IsAsciiLetter).ToArray());
        if (prefix.Length is 2 or 3 && DocumentRules.ParseType(prefix) is { } type && name.Length > prefix.Length && !char.IsAsciiLetter(name[prefix.Length]))
        {
            user = await users.FindByNameAsync(DocumentRules.UserName(type, name[prefix.Length..]));
            if (user is not null) return (user, false);
            // A renewed document still signs in: "TI-1043987654" after the student's CC replaced it.
            if (await DocumentLookup.PersonIdAsync(db, type, name[prefix.Length..], ct) is { } personId
                && await db.Users.Where(u => u.PersonId == personId).Select(u => u.Id).Take(2).ToListAsync(ct) is [var only])
                return (await users.FindByIdAsync(only), false);
        }

        var number = DocumentRules.Normalize(name);
        var matches = await db.Users
            .Where(u => u.PersonId != null && (db.People.Any(p => p.Id == u.PersonId && p.DocumentNumber == number)
                || db.PersonDocuments.Any(d => d.PersonId == u.PersonId && d.Kind == DocumentChangeKind.Renewal && d.DocumentNumber == number)))
            .Select(u => u.Id).Take(2).ToListAsync(ct);
        return matches.Count switch
        {
            1 => (await users.FindByIdAsync(matches[0]), false),
            0 => (null, false),
            _ => (null, true),
        };
    }
}
