using Scari.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Learning;

namespace Scari.Web.Features.Certificates;

/// <summary>/certificados: the signed-in learner's finished courses, each with its certificate to download.</summary>
[Authorize]
public sealed class MineModel(ScariDbContext db) : PageModel
{
    public sealed record Row(int CompletionId, string CourseTitle, DateTime CompletedUtc, int Hours, Issued? Certificate,
        string? RevokedCode, DateTime? RevokedUtc, string? RevocationReason);

    /// <summary>The live certificate of a completion: what the learner downloads and shares.</summary>
    public sealed record Issued(string Code, DateTime IssuedUtc, string EntityName, bool OpenBadge, DateTime? ValidUntilUtc);

    public string VerificationUrl(string code) => HttpContext.Links().Verification(code);

    /// <summary>LinkedIn's "add a licence or certification" form, filled with the public verification URL (no document).</summary>
    public string LinkedInUrl(Row row, Issued c)
    {
        var local = Bogota.ToLocal(c.IssuedUtc);
        var query = new Dictionary<string, string?>
        {
            ["startTask"] = "CERTIFICATION_NAME",
            ["name"] = row.CourseTitle,
            ["organizationName"] = c.EntityName,
            ["issueYear"] = local.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["issueMonth"] = local.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["certUrl"] = VerificationUrl(c.Code),
            ["certId"] = c.Code,
        };
        if (c.ValidUntilUtc is { } until)
        {
            var end = Bogota.ToLocal(until);
            query["expirationYear"] = end.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
            query["expirationMonth"] = end.Month.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("https://www.linkedin.com/profile/add", query);
    }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public bool HasPerson { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        HasPerson = viewer.PersonId is not null;
        if (!HasPerson) return;
        var personId = viewer.PersonId;
        Rows = await db.Completions.AsNoTracking()
            // A voided record is not training to certify (Mis datos still lists it, marked).
            // Imported history gets no SCARI certificate unless an administrator asks for one: listed once one was issued.
            .Where(c => c.PersonId == personId && c.VoidedUtc == null && (c.ImportId == null || db.Certificates.Any(x => x.CompletionId == c.Id)))
            .OrderByDescending(c => c.CompletedUtc)
            .Titled(db).Select(t => new Row(t.Completion.Id,
                t.Title,
                t.Completion.CompletedUtc, t.Completion.Hours,
                db.Certificates.Where(x => x.CompletionId == t.Completion.Id && x.RevokedUtc == null && x.HolderSuppressedUtc == null)
                    .Select(x => new Issued(x.Code, x.IssuedUtc, x.EntityName, x.CredentialJwt != null, x.ValidUntilUtc)).FirstOrDefault(),
                // The revocation that stands (not a replacement by reissue): final for the learner.
                db.Certificates.Where(x => x.CompletionId == t.Completion.Id && x.RevokedUtc != null && x.ReplacedByCertificateId == null)
                    .OrderByDescending(x => x.RevokedUtc).Select(x => x.Code).FirstOrDefault(),
                db.Certificates.Where(x => x.CompletionId == t.Completion.Id && x.RevokedUtc != null && x.ReplacedByCertificateId == null)
                    .OrderByDescending(x => x.RevokedUtc).Select(x => x.RevokedUtc).FirstOrDefault(),
                db.Certificates.Where(x => x.CompletionId == t.Completion.Id && x.RevokedUtc != null && x.ReplacedByCertificateId == null)
                    .OrderByDescending(x => x.RevokedUtc).Select(x => x.RevocationReason).FirstOrDefault()))
            .ToListAsync(ct);
    }
}
