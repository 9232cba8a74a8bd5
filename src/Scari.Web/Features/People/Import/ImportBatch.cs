using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Scari.Web.Features.People.Import;

public enum ImportStatus { Pending, Imported }

/// <summary>
/// One CSV import of people: who uploaded it, when, the file's SHA-256 and what it changed. While pending
/// (uploaded and previewed, not yet confirmed) it holds the file; the content is erased once imported.
/// </summary>
public sealed class ImportBatch
{
    public int Id { get; set; }
    public ImportStatus Status { get; set; }
    public string UserId { get; set; } = "";
    public string UserName { get; set; } = "";
    public string FileName { get; set; } = "";
    public string FileSha256 { get; set; } = "";
    public DateTime UploadedUtc { get; set; }
    public DateTime? ImportedUtc { get; set; }
    public byte[]? Content { get; set; }
    public int Rows { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Enrolled { get; set; }
}

internal sealed class ImportBatchConfiguration : IEntityTypeConfiguration<ImportBatch>
{
    public void Configure(EntityTypeBuilder<ImportBatch> b)
    {
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.UserName).HasMaxLength(256);
        b.Property(x => x.FileName).HasMaxLength(260);
        b.Property(x => x.FileSha256).HasMaxLength(64);
        b.HasIndex(x => x.UploadedUtc);
    }
}
