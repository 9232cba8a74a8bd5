using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Scari.Web.Data;

public sealed class SqliteScariDbContext(DbContextOptions<SqliteScariDbContext> options) : ScariDbContext(options);

public sealed class PostgresScariDbContext(DbContextOptions<PostgresScariDbContext> options) : ScariDbContext(options)
{
    // Here rather than at registration, so every way of building the context (the app, `dotnet ef`, tests) migrates under it.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository, SessionLockNpgsqlHistoryRepository>();
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
