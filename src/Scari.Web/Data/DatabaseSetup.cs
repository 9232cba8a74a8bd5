using Microsoft.EntityFrameworkCore;

namespace Scari.Web.Data;

public enum DatabaseProvider { Sqlite, Postgres }

public static class DatabaseSetup
{
    /// <summary>Chooses the provider from <c>Database:Provider</c> and registers <see cref="ScariDbContext"/>.</summary>
    public static WebApplicationBuilder AddScariDatabase(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var provider = config.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = config.GetConnectionString("Scari");

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    var dataDirectory = ScariPaths.DataDirectory(builder.Configuration, builder.Environment);
                    Directory.CreateDirectory(dataDirectory);
                    connectionString = $"Data Source={Path.Combine(dataDirectory, "scari.db")}";
                }
                builder.Services.AddDbContext<ScariDbContext, SqliteScariDbContext>(o => o.UseSqlite(connectionString)
                    .AddInterceptors(new SqliteUnicodeCase()));
                break;
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException(
                        "Database:Provider es Postgres pero falta ConnectionStrings:Scari (variable ConnectionStrings__Scari).");
                builder.Services.AddDbContext<ScariDbContext, PostgresScariDbContext>(o => o.UseNpgsql(connectionString));
                break;
        }
        builder.Services.AddSingleton(new DatabaseOptions(provider,
            config.GetValue("Database:MigrateOnStart", true)));
        return builder;
    }

    /// <summary>
    /// Applies pending migrations. EF Core takes a database-wide lock while migrating
    /// (an advisory lock on PostgreSQL, a lock table on SQLite), so instances starting together do not race.
    /// </summary>
    public static async Task MigrateAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScariDbContext>();
        await db.Database.MigrateAsync(ct);
    }
}

public sealed record DatabaseOptions(DatabaseProvider Provider, bool MigrateOnStart);

public static class ScariPaths
{
    /// <summary>Where the SQLite file and other local state live: <c>Scari:DataDirectory</c>, else App_Data beside the app.</summary>
    public static string DataDirectory(IConfiguration config, IHostEnvironment env)
    {
        var configured = config["Scari:DataDirectory"];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(env.ContentRootPath, "App_Data")
            : Path.Combine(env.ContentRootPath, configured));
    }

    /// <summary>The course catalogue: <c>Scari:ContentDirectory</c>, else the nearest content/ folder above the app.</summary>
    public static string ContentDirectory(IConfiguration config, IHostEnvironment env)
    {
        var configured = config["Scari:ContentDirectory"];
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(Path.Combine(env.ContentRootPath, configured));
        for (var dir = new DirectoryInfo(env.ContentRootPath); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "content");
            if (File.Exists(Path.Combine(candidate, "scari.yaml"))) return candidate;
        }
        return Path.Combine(env.ContentRootPath, "content");
    }
}
