using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Scari.Web.Features.Certificates;

public enum VerificationState { Form, Valid, Expired, Revoked, HolderSuppressed, InvalidSignature, NotFound }

/// <summary>
/// The public check of a certificate code: valid, revoked (maybe replaced), issued to a person whose data was suppressed,
/// or not found. Shows no more than it must.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting("verificacion")]
public sealed class VerifyModel(CertificateVerifier verifier) : PageModel
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
        Certificate = await verifier.FindAsync(Codigo, ct);
        if (Certificate is not null) State = Certificate.State;
        if (State == VerificationState.NotFound) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}

/// <summary>The public facts of a certificate, and whether its stored proof verified on this check.</summary>
public sealed record PublicCertificate(string Code, string HolderName, string DocumentType, string DocumentNumber,
    string CourseTitle, int Hours, DateOnly CompletedOn, string EntityName, DateTime? RevokedUtc, string? ReplacedByCode, bool HolderSuppressed,
    bool SignatureValid, DateTime IssuedUtc, DateTime? ValidUntilUtc, bool Expired, bool OpenBadge)
{
    /// <summary>When a merge moved this certificate onto the surviving record of the same person (<see cref="Certificate.MovedByMergeId"/>).</summary>
    public DateTime? MergedUtc { get; init; }
    /// <summary>Where the training was given, when not on line in SCARI (<see cref="Certificate.Provenance"/>); signed with the rest.</summary>
    public string? Provenance { get; init; }

    /// <summary>Suppression first (nothing left to prove), then a failed proof (no other fact can be trusted), then revocation, then expiry.</summary>
    public VerificationState State =>
        HolderSuppressed ? VerificationState.HolderSuppressed
        : !SignatureValid ? VerificationState.InvalidSignature
        : RevokedUtc is not null ? VerificationState.Revoked
        : Expired ? VerificationState.Expired
        : VerificationState.Valid;

    /// <summary>Only the last four characters of the number, behind a fixed mask that does not tell its length.</summary>
    public string MaskedDocument =>
        $"{DocumentType} ******{(DocumentNumber.Length > 4 ? DocumentNumber[^4..] : "")}";
}
