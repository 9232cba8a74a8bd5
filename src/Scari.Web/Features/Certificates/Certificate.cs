using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scari.Web.Features.Learning;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// Issued once per completion (unique index). Holds a snapshot of what it certifies, so later edits to the
/// person or course do not change an issued certificate; a correction revokes it and issues a replacement.
/// </summary>
public sealed class Certificate
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public int CompletionId { get; set; }
    public Completion Completion { get; set; } = null!;
    public int PersonId { get; set; }

    // Snapshot
    public string HolderName { get; set; } = "";
    public string DocumentType { get; set; } = "";
    public string DocumentNumber { get; set; } = "";
    public string CourseId { get; set; } = "";
    public string CourseTitle { get; set; } = "";
    public string CourseVersion { get; set; } = "";
    public int Hours { get; set; }
    public DateOnly CompletedOn { get; set; }
    public string SignatoryTitle { get; set; } = "";
    public string EntityName { get; set; } = "";
    /// <summary>
    /// Where the training was given, for a record not learned on line in SCARI: an imported (history) record says it was
    /// given elsewhere, with the other system's certificate number; an in-person one says so. Null for SCARI's online courses.
    /// Printed on the PDF, shown on /verificar and signed in the credential (its <c>evidence</c>).
    /// </summary>
    public string? Provenance { get; set; }

    public DateTime IssuedUtc { get; set; }
    /// <summary>
    /// Certificates issued before Open Badges 3.0: ECDSA P-256 signature (base64) over the canonical JSON of the fields
    /// above, document included. Empty for those that carry <see cref="CredentialJwt"/>.
    /// </summary>
    public string Signature { get; set; } = "";

    /// <summary>
    /// The Open Badges 3.0 credential as a VC-JWT (RS256), signed once at issue with the key valid then and kept as
    /// signed. Null for certificates issued before it (they keep <see cref="Signature"/>) and once the holder was anonymized.
    /// </summary>
    public string? CredentialJwt { get; set; }
    /// <summary>Its position in the revocation status list (W3C Bitstring Status List), drawn at random; unique.</summary>
    public int? StatusListIndex { get; set; }
    /// <summary>The end of validity for courses that need renewal (<c>valid_for</c> in curso.md); null when it does not expire.</summary>
    public DateTime? ValidUntilUtc { get; set; }

    /// <summary>
    /// Set when the holder was anonymized (Ley 1581 de 2012, supresión): the name and document of the snapshot were
    /// erased, so the signature no longer matches and the code can no longer tell to whom it was issued. The completion
    /// behind it still counts in the indicators.
    /// </summary>
    public DateTime? HolderSuppressedUtc { get; set; }

    public DateTime? RevokedUtc { get; set; }
    public string? RevocationReason { get; set; }
    public int? ReplacedByCertificateId { get; set; }
    /// <summary>
    /// Set when a merge moved the certificate from the record it was issued to onto the surviving record of the same
    /// person (<see cref="People.PersonMerge"/>): still valid, and verification says it now belongs to that record.
    /// </summary>
    public int? MovedByMergeId { get; set; }
}

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> c)
    {
        c.Property(x => x.Code).HasMaxLength(40);
        c.HasIndex(x => x.Code).IsUnique();
        // One live certificate per completion; revoked ones stay for verification.
        c.HasIndex(x => x.CompletionId).IsUnique().HasFilter("\"RevokedUtc\" IS NULL").HasDatabaseName("IX_Certificates_OneLivePerCompletion");
        c.Property(x => x.HolderName).HasMaxLength(220);
        c.Property(x => x.DocumentType).HasMaxLength(4);
        c.Property(x => x.DocumentNumber).HasMaxLength(20);
        c.Property(x => x.CourseId).HasMaxLength(120);
        c.Property(x => x.CourseTitle).HasMaxLength(300);
        c.Property(x => x.CourseVersion).HasMaxLength(40);
        c.Property(x => x.SignatoryTitle).HasMaxLength(200);
        c.Property(x => x.EntityName).HasMaxLength(200);
        c.Property(x => x.Provenance).HasMaxLength(400);
        c.Property(x => x.Signature).HasMaxLength(200);
        c.Property(x => x.RevocationReason).HasMaxLength(500);
        c.Property(x => x.CredentialJwt).HasMaxLength(20000);
        c.HasIndex(x => x.StatusListIndex).IsUnique();
        c.HasOne(x => x.Completion).WithMany().OnDelete(DeleteBehavior.Restrict);
        c.HasIndex(x => x.PersonId);
        // /admin/certificados lists newest first (IssuedUtc desc, Id desc), 50 a page: read backwards, the index gives each page without a sort.
        c.HasIndex(x => new { x.IssuedUtc, x.Id });
    }
}

/// <summary>What the learner sees of a revoked certificate (Features/Certificates/_Revoked.cshtml).</summary>
public sealed record RevokedNotice(string Code, DateTime RevokedUtc, string? Reason);
