using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Scari.Testing;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests;

/// <summary>Several app instances on one PostgreSQL database, as behind a load balancer.</summary>
public sealed class MultiInstanceTests
{
    [Fact]
    public async Task A_sign_in_cookie_issued_by_one_instance_is_accepted_by_another()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = ScariAppFactory.OnPostgres(database.ConnectionString);
        await using var second = ScariAppFactory.OnPostgres(database.ConnectionString);

        await first.CreateUserAsync("compartida@scari.test", Roles.Coordinador);
        using var signedIn = await first.SignedInClientAsync("compartida@scari.test");
        using var onFirst = await signedIn.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, onFirst.StatusCode);
        var cookie = onFirst.RequestMessage!.Headers.GetValues("Cookie").Single();

        using var other = second.CreateBrowserLikeClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.Add("Cookie", cookie);
        using var onSecond = await other.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
        Assert.Contains("compartida@scari.test", await onSecond.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Two_instances_migrating_one_empty_database_together_do_not_race()
    {
        await using var database = await TestDatabase.CreateAsync();
        var options = new DbContextOptionsBuilder<PostgresScariDbContext>().UseNpgsql(database.ConnectionString).Options;
        await using var first = new PostgresScariDbContext(options);
        await using var second = new PostgresScariDbContext(options);

        await Task.WhenAll(
            Task.Run(() => first.MigrateTogetherSafelyAsync()),
            Task.Run(() => second.MigrateTogetherSafelyAsync()));

        Assert.Equal(first.Database.GetMigrations(), await second.Database.GetAppliedMigrationsAsync());
        Assert.Equal(4, await second.Roles.CountAsync());
    }

    [Fact]
    public async Task Health_answers_503_when_the_database_is_unreachable()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Port = 1, Timeout = 2 }.ConnectionString;
        await using var app = ScariAppFactory.OnPostgres(unreachable, ("Database:MigrateOnStart", "false"));
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task The_migrate_command_applies_every_migration_and_exits()
    {
        await using var database = await TestDatabase.CreateAsync();
        var web = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [web, "migrate"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(web)!,
        };
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__Scari"] = database.ConnectionString;
        start.Environment["Scari__ContentDirectory"] = RepoPaths.Content;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, output + await process.StandardError.ReadToEndAsync());
        Assert.Contains("Migraciones aplicadas.", output);
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"AspNetRoles\"", conn);
        Assert.Equal(4L, await count.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
