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
                // Pooled: options are built once and contexts are reset and reused instead of created per request.
                builder.Services.AddDbContextPool<ScariDbContext, SqliteScariDbContext>(o => o.UseSqlite(connectionString)
                    .AddInterceptors(new SqliteUnicodeCase()));
                break;
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException(
                        "Database:Provider es Postgres pero falta ConnectionStrings:Scari (variable ConnectionStrings__Scari).");
                var tuned = PostgresConnectionDefaults(connectionString);
                builder.Services.AddDbContextPool<ScariDbContext, PostgresScariDbContext>(o => PostgresScariDbContext.Configure(o.UseNpgsql(tuned)));
                break;
        }
        builder.Services.AddSingleton(new DatabaseOptions(provider,
            config.GetValue("Database:MigrateOnStart", true)));
        return builder;
    }

    /// <summary>
    /// The connection string with SCARI's defaults for what it leaves unset: statements prepared on the server after their
    /// second use (<c>Max Auto Prepare</c>: every request runs the same few compiled queries, so PostgreSQL parses and plans
    /// each once per connection instead of on every execution) and no <c>DISCARD ALL</c> when a pooled connection is
    /// reused (<c>No Reset On Close</c>: EF opens and closes the connection around each query, so a lesson page paid
    /// for three; the app sets no session state, and its two session-level advisory locks are released in <c>finally</c>).
    /// A value given in <c>ConnectionStrings:Scari</c> wins.
    /// </summary>
    public static string PostgresConnectionDefaults(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        // Keys lists what the string sets, by canonical name (ContainsKey answers whether a keyword exists at all).
        var given = builder.Keys.Cast<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!given.Contains("Max Auto Prepare")) builder.MaxAutoPrepare = 64;
        if (!given.Contains("No Reset On Close")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>Applies pending migrations (see <see cref="MigrateTogetherSafelyAsync"/>).</summary>
    public static async Task MigrateAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ScariDbContext>().MigrateTogetherSafelyAsync(ct);
    }

    /// <summary>
    /// Applies pending migrations so that instances starting together apply each one once. On PostgreSQL, EF Core's own
    /// lock lives only as long as each migration's transaction, and a second instance that read the history before the
    /// first committed applied the second migration again ("relation already exists"); so the whole run holds a
    /// session-level advisory lock on a connection of its own. SQLite's lock table already covers the whole run.
    /// </summary>
    public static async Task MigrateTogetherSafelyAsync(this ScariDbContext db, CancellationToken ct = default)
    {
        if (db is not PostgresScariDbContext)
        {
            await db.Database.MigrateAsync(ct);
            return;
        }
        await using var connection = new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(ct);
        await using (var lockCommand = new Npgsql.NpgsqlCommand("SELECT pg_advisory_lock(7234017)", connection))
            await lockCommand.ExecuteNonQueryAsync(ct);
        try
        {
            await db.Database.MigrateAsync(ct);
        }
        finally
        {
            await using var unlock = new Npgsql.NpgsqlCommand("SELECT pg_advisory_unlock(7234017)", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}

public sealed record DatabaseOptions(DatabaseProvider Provider, bool MigrateOnStart);

public static class ScariPaths
{
    /// <summary>
    /// The web root (CSS, images, Pyodide): the wwwroot beside the app (a published app), else the nearest one above it
    /// (the project's own, for a built app run from bin/), so the app serves its CSS whatever folder it starts from.
    /// Null (the content root's wwwroot) when there is none, as under the test factory, which sets the content root itself.
    /// </summary>
    public static string? WebRoot(string? appDirectory = null)
    {
        for (var dir = new DirectoryInfo(appDirectory ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "wwwroot");
            if (File.Exists(Path.Combine(candidate, "css", "site.css"))) return candidate;
        }
        return null;
    }

    /// <summary>Where the SQLite file and other local state live: <c>Scari:DataDirectory</c>, else App_Data beside the app.</summary>
    public static string DataDirectory(IConfiguration config, IHostEnvironment env)
    {
        var configured = ScariOptions.From(config).DataDirectory;
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(env.ContentRootPath, "App_Data")
            : Path.Combine(env.ContentRootPath, configured));
    }

    /// <summary>The course catalogue: <c>Scari:ContentDirectory</c>, else the nearest content/ folder above the app.</summary>
    public static string ContentDirectory(IConfiguration config, IHostEnvironment env)
    {
        var configured = ScariOptions.From(config).ContentDirectory;
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
