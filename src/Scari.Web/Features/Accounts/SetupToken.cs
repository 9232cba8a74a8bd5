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

internal sealed class ScariUserConfiguration : IEntityTypeConfiguration<ScariUser>
{
    public void Configure(EntityTypeBuilder<ScariUser> user)
    {
        user.Property(u => u.FullName).HasMaxLength(220);
        user.HasIndex(u => u.PersonId).IsUnique();
        user.HasOne<People.Person>().WithMany().HasForeignKey(u => u.PersonId).OnDelete(DeleteBehavior.Restrict);
        user.HasOne<People.Colegio>().WithMany().HasForeignKey(u => u.CoordinatedColegioId).OnDelete(DeleteBehavior.Restrict);
        user.HasOne<People.Dependencia>().WithMany().HasForeignKey(u => u.CoordinatedDependenciaId).OnDelete(DeleteBehavior.Restrict);
    }
}
