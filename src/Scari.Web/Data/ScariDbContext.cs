using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Data;

/// <summary>
/// The one model of SCARI. Each database provider has a sealed subclass with its own migrations
/// (see Data/README.md), so the model is written once and migrated twice.
/// </summary>
public abstract class ScariDbContext(DbContextOptions options)
    : IdentityDbContext<ScariUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SetupToken> SetupTokens => Set<SetupToken>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ScariDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Stored times are UTC DateTime on both providers (SQLite cannot compare DateTimeOffset in SQL).
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
