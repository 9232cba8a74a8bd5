using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// One file of past completions (training before SCARI or in other platforms): who uploaded it, when, the file's
/// SHA-256 and what it created. While pending (uploaded and previewed) it holds the file; the content is erased once imported.
/// Every completion it creates names it (<see cref="Learning.Completion.ImportId"/>).
/// </summary>
public sealed class CompletionImport
{
    public int Id { get; set; }
    public bool Imported { get; set; }
    public string UserId { get; set; } = "";
    public string UserName { get; set; } = "";
    public string FileName { get; set; } = "";
    public string FileSha256 { get; set; } = "";
    public DateTime UploadedUtc { get; set; }
    public DateTime? ImportedUtc { get; set; }
    public byte[]? Content { get; set; }
    public int Rows { get; set; }
    public int Created { get; set; }
    /// <summary>Rows already recorded (same person, course or activity and day): re-importing a file changes nothing.</summary>
    public int Unchanged { get; set; }
}

internal sealed class CompletionImportConfiguration : IEntityTypeConfiguration<CompletionImport>
{
    public void Configure(EntityTypeBuilder<CompletionImport> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.UserName).HasMaxLength(256);
        b.Property(x => x.FileName).HasMaxLength(260);
        b.Property(x => x.FileSha256).HasMaxLength(64);
        b.HasIndex(x => x.UploadedUtc);
    }
}
