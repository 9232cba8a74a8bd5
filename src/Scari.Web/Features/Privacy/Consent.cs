using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Privacy;

public enum ConsentKind { DataTreatment, GuardianConsent }

/// <summary>
/// A consent under Ley 1581 de 2012: the person's acceptance of the data-treatment notice (with the notice's
/// version), or, for a minor, the consent of a parent or guardian: who gave it, when and how.
/// </summary>
public sealed class Consent
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person Person { get; set; } = null!;
    public ConsentKind Kind { get; set; }
    /// <summary>The version of <see cref="PrivacyNotice"/> the consent refers to.</summary>
    public string TextVersion { get; set; } = "";
    public DateTime GivenUtc { get; set; }

    // Guardian consent only
    public string? GuardianName { get; set; }
    /// <summary>"Madre", "Padre", "Tutor legal"…</summary>
    public string? GuardianRelationship { get; set; }
    public string? GuardianDocument { get; set; }
    /// <summary>How it was given, e.g. "Formulario firmado", "Verbal ante el coordinador".</summary>
    public string? Method { get; set; }

    /// <summary>The account that recorded it (the person themself for a self-registration).</summary>
    public string? RecordedByUserId { get; set; }
}

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> c)
    {
        c.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        c.Property(x => x.TextVersion).HasMaxLength(20);
        c.Property(x => x.GuardianName).HasMaxLength(200);
        c.Property(x => x.GuardianRelationship).HasMaxLength(50);
        c.Property(x => x.GuardianDocument).HasMaxLength(30);
        c.Property(x => x.Method).HasMaxLength(100);
        c.Property(x => x.RecordedByUserId).HasMaxLength(450);
        c.HasOne(x => x.Person).WithMany().OnDelete(DeleteBehavior.Cascade);
        c.HasIndex(x => new { x.PersonId, x.Kind });
    }
}
