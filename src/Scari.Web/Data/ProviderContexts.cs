using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Scari.Web.Data;

public sealed class SqliteScariDbContext(DbContextOptions<SqliteScariDbContext> options) : ScariDbContext(options);

public sealed class PostgresScariDbContext(DbContextOptions<PostgresScariDbContext> options) : ScariDbContext(options)
{
    /// <summary>The migration lock of <see cref="SessionLockNpgsqlHistoryRepository"/>: the app sets it at registration.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options) =>
        options.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository, SessionLockNpgsqlHistoryRepository>();

    // Also here, so every other way of building the context (`dotnet ef`, tests) migrates under the same lock. A pooled
    // context's options are frozen (EF refuses a change in OnConfiguring), and the app's already have it.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        var replaced = optionsBuilder.Options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.ReplacedServices;
        if (replaced?.ContainsKey((typeof(Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository), null)) != true) Configure(optionsBuilder);
    }
}

// Design-time factories: `dotnet ef` builds each context without starting the app.
// The connection strings are never opened by `migrations add`.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteScariDbContext>
{
    public SqliteScariDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteScariDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresScariDbContext>
{
    public PostgresScariDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresScariDbContext>().UseNpgsql("Host=localhost;Database=scari_design").Options);
}
