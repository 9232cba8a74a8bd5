using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.Certificates;

public enum VerificationState { Form, Valid, Revoked, HolderSuppressed, NotFound }

/// <summary>
/// The public check of a certificate code: valid, revoked (maybe replaced), issued to a person whose data was suppressed,
/// or not found. Shows no more than it must.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting("verificacion")]
public sealed class VerifyModel(ScariDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Codigo { get; set; }

    public VerificationState State { get; private set; } = VerificationState.Form;
    public PublicCertificate? Certificate { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // The form (GET /verificar?codigo=…) lands on the code's own address.
        if (RouteData.Values["codigo"] is null)
        {
            if (string.IsNullOrWhiteSpace(Codigo)) return Page();
            var typed = CertificateCode.Normalize(Codigo) ?? Codigo.Trim();
            return Redirect($"/verificar/{Uri.EscapeDataString(typed)}");
        }

        State = VerificationState.NotFound;
        Certificate = await PublicCertificate.FindAsync(db, Codigo, ct);
        if (Certificate is not null)
            State = Certificate.HolderSuppressed ? VerificationState.HolderSuppressed
                : Certificate.RevokedUtc is null ? VerificationState.Valid : VerificationState.Revoked;
        if (State == VerificationState.NotFound) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}

public sealed record PublicCertificate(string Code, string HolderName, string DocumentType, string DocumentNumber,
    string CourseTitle, int Hours, DateOnly CompletedOn, string EntityName, DateTime? RevokedUtc, string? ReplacedByCode, bool HolderSuppressed)
{
    /// <summary>The public facts of a certificate by its code (typed loosely), or null for an unknown or malformed code.</summary>
    public static async Task<PublicCertificate?> FindAsync(ScariDbContext db, string? codigo, CancellationToken ct)
    {
        if (CertificateCode.Normalize(codigo) is not { } code) return null;
        return await db.Certificates.AsNoTracking()
            .Where(c => c.Code == code)
            .Select(c => new PublicCertificate(c.Code, c.HolderName, c.DocumentType, c.DocumentNumber, c.CourseTitle,
                c.Hours, c.CompletedOn, c.EntityName, c.RevokedUtc,
                db.Certificates.Where(r => r.Id == c.ReplacedByCertificateId).Select(r => r.Code).FirstOrDefault(),
                c.HolderSuppressedUtc != null))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>Only the last four characters of the number, behind a fixed mask that does not tell its length.</summary>
    public string MaskedDocument =>
        $"{DocumentType} ******{(DocumentNumber.Length > 4 ? DocumentNumber[^4..] : "")}";
}
