using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Scari.Web.Features.Accounts;

/// <summary>A one-time link to create the first administrator. Only the SHA-256 of the token is stored.</summary>
public sealed class SetupToken
{
    public int Id { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedUtc { get; set; }
}

internal sealed class SetupTokenConfiguration : IEntityTypeConfiguration<SetupToken>
{
    public void Configure(EntityTypeBuilder<SetupToken> token)
    {
        token.Property(t => t.TokenHash).HasMaxLength(64);
        token.HasIndex(t => t.TokenHash).IsUnique();
    }
}
