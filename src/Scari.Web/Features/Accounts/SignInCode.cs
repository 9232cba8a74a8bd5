using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Scari.Web.Features.Accounts;

/// <summary>
/// A one-time sign-in code handed to a student on a printed slip. Only a hash is stored; the code works once,
/// until <see cref="ExpiresUtc"/>, and issuing a new one for the same account retires the unused ones.
/// </summary>
public sealed class SignInCode
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public string CodeHash { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public DateTime? UsedUtc { get; set; }
    public string? IssuedByUserId { get; set; }
}

internal sealed class SignInCodeConfiguration : IEntityTypeConfiguration<SignInCode>
{
    public void Configure(EntityTypeBuilder<SignInCode> c)
    {
        c.Property(x => x.UserId).HasMaxLength(450);
        c.Property(x => x.CodeHash).HasMaxLength(64);
        c.Property(x => x.IssuedByUserId).HasMaxLength(450);
        c.HasIndex(x => x.UserId);
        c.HasOne<Accounts.ScariUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
