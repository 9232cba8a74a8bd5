using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// One question "does this certificate belong to this document?": counted per certificate (a few a day), so the masked
/// document on /verificar cannot be completed by trying numbers. Never stores the document asked about.
/// </summary>
public sealed class CertificateDocumentCheck
{
    public long Id { get; set; }
    public int CertificateId { get; set; }
    public DateTime AtUtc { get; set; }
    public bool Matched { get; set; }
}

internal sealed class CertificateDocumentCheckConfiguration : IEntityTypeConfiguration<CertificateDocumentCheck>
{
    public void Configure(EntityTypeBuilder<CertificateDocumentCheck> d)
    {
        d.HasIndex(x => new { x.CertificateId, x.AtUtc });
        d.HasOne<Certificate>().WithMany().HasForeignKey(x => x.CertificateId).OnDelete(DeleteBehavior.Cascade);
    }
}
